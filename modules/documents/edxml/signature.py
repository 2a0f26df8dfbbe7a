"""The XML signature of an envelope (XML-DSig, enveloped, RSA-SHA256 with the signer's certificate in KeyInfo), made
and checked with signxml. Checking here is integrity: the envelope is what the holder of the certificate signed;
whether that certificate is trusted is the signatures module's question (its trust roots), asked through the
installed signer (services/signing.py: `signed_envelope`, `check_envelope`)."""

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
    """{"signed": bool, "valid": bool, "subject": str, "error": str, "chain": [PEM str]}: an XML-DSig Signature
    checked against the certificate it carries (the first of KeyInfo's, the rest being its chain). A Signature
    without the xmldsig namespace (as some agencies send it) cannot be checked: signed, not valid, said so."""
    root = etree.fromstring(data, etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True))
    found = root.find(f".//{{{XMLDSIG}}}Signature")
    if found is None:
        bare = any(isinstance(e.tag, str) and etree.QName(e).localname == "Signature" for e in root.iter())
        return {"signed": bare, "valid": False, "subject": "", "chain": [],
                "error": "Signature without the xmldsig namespace" if bare else ""}
    chain = ["-----BEGIN CERTIFICATE-----\n" + "".join((e.text or "").split()) + "\n-----END CERTIFICATE-----\n"
             for e in found.iter(f"{{{XMLDSIG}}}X509Certificate")]
    try:
        if not chain:
            raise ValueError("no X509Certificate in KeyInfo")
        subject = x509.load_pem_x509_certificate(chain[0].encode()).subject.rfc4514_string()
        XMLVerifier().verify(root, x509_cert=chain[0])
    except (InvalidSignature, InvalidInput, ValueError) as exc:
        return {"signed": True, "valid": False, "subject": "", "error": str(exc)[:300], "chain": []}
    return {"signed": True, "valid": True, "subject": subject, "error": "", "chain": chain}


def private_key_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
