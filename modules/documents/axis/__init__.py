"""The document exchange axis (the national axis, or the province's LGSP): `client.DocumentAxis` is the interface,
`client.RestAxis` the adapter (REST, OAuth 2 client credentials, base64 edXML, statuses), `standin` a local server
speaking the same protocol, for development and the tests."""
