"""The XML signature of an envelope (XML-DSig, enveloped, RSA-SHA256 with the signer's certificate in KeyInfo), made
and checked with signxml. Checking here is integrity: the envelope is what the holder of the certificate signed;
whether that certificate is trusted is the signatures module's question (its trust roots)."""

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from lxml import etree
from signxml import XMLSigner, XMLVerifier
from signxml.exceptions import InvalidInput, InvalidSignature

from modules.documents.edxml.names import XMLDSIG


def sign(data: bytes, key_pem: bytes, cert_pem: bytes) -> bytes:
    """The envelope with a ds:Signature appended to its root."""
    root = etree.fromstring(data, etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True))
    signed = XMLSigner(signature_algorithm="rsa-sha256", digest_algorithm="sha256").sign(
        root, key=key_pem, cert=cert_pem.decode("ascii"))
    return etree.tostring(signed, xml_declaration=True, encoding="utf-8")


def verify(data: bytes) -> dict:
    """{"signed": bool, "valid": bool, "subject": str, "error": str}: an XML-DSig Signature checked against the
    certificate it carries. A Signature without the xmldsig namespace (as some agencies send it) cannot be checked:
    signed, not valid, said so."""
    root = etree.fromstring(data, etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True))
    found = root.find(f".//{{{XMLDSIG}}}Signature")
    if found is None:
        bare = any(isinstance(e.tag, str) and etree.QName(e).localname == "Signature" for e in root.iter())
        return {"signed": bare, "valid": False, "subject": "",
                "error": "Signature without the xmldsig namespace" if bare else ""}
    cert_text = found.findtext(f".//{{{XMLDSIG}}}X509Certificate") or ""
    try:
        der = "".join(cert_text.split())
        pem = "-----BEGIN CERTIFICATE-----\n" + der + "\n-----END CERTIFICATE-----\n"
        subject = x509.load_pem_x509_certificate(pem.encode()).subject.rfc4514_string()
        XMLVerifier().verify(root, x509_cert=pem)
    except (InvalidSignature, InvalidInput, ValueError) as exc:
        return {"signed": True, "valid": False, "subject": "", "error": str(exc)[:300]}
    return {"signed": True, "valid": True, "subject": subject, "error": ""}


def private_key_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
