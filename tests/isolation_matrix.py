"""The isolation matrix: one row per query and mutation of the committed GraphQL contracts (graphql/schema.graphql for
the unit endpoint, graphql/platform.graphql for the platform endpoint), with what each caller gets.

tests/test_isolation.py runs every row and fails when a root field of either contract has no row here (or a row names
a field the contracts no longer have). A new query or mutation: add its row, nothing else.

The callers, each against objects of unit A and of unit B:
- a member of unit A holding one role, for every role (core.accounts.roles.all_role_specs);
- a member of unit B holding every role;
- a platform account (the ICT department's platform grants, member of no unit);
- an anonymous caller.
Unit endpoint: every call goes to unit A's endpoint; an object "of B" is the id or code of B's object (B's ids are
above any of A's). The member of B and the platform account are always refused there with NOT_A_MEMBER, and no answer
ever contains text written into B's objects. On both endpoints a mutation answered anything but OK changes no row of
A's schema nor of the platform's tokens, units, memberships, modules or invitations. Platform endpoint: an object "of A" is unit A's code (or a dossier or token
of A); the member of B gets what A's members get on B's objects.

A row: Row(endpoint, field, call, uses, roles, passes, denied, foreign, anonymous, platform, by_role)
    endpoint   "unit" or "platform"
    field      the root field
    call       the whole operation; its variables are objects of the target unit, named in `uses`
    uses       {"variable": "kind"}, a kind of OBJECT_KINDS ("casefile[]": a list of one; "A:person": A's always)
    roles      the roles of A whose call passes ("*": every role, "": none)
    passes     what a passing call answers: OK (data, no error) or the code that shows it got past the checks
    denied     what A's other roles get (default PERMISSION_DENIED)
    foreign    what a passing role gets with B's objects (default NOT_FOUND; unused when `uses` is empty)
    anonymous  what an anonymous caller gets (default UNAUTHENTICATED)
    platform   platform endpoint only: what the platform account gets (default OK)
    by_role    {role: outcome} for A's objects, where one role's answer differs from the rest (e.g. the step's role)
An outcome is the code of the answer (the HTTP envelope's `error.code`, else the first `errors[].extensions.code`, else
the first code of the mutation payload's `errors`), or else EMPTY (an empty list or a connection of 0), NULL (no
value), OK (a value). A list a role passes for is not empty: A holds one object of each kind.
"""

from dataclasses import dataclass, field

OK = "OK"
EMPTY = "EMPTY"
NULL = "NULL"
FORBIDDEN_ROLE = "FORBIDDEN_ROLE"  # past the permission, refused by the module's own rule for the step
DENIED = "PERMISSION_DENIED"
NOT_FOUND = "NOT_FOUND"
NOT_A_MEMBER = "NOT_A_MEMBER"
UNAUTHENTICATED = "UNAUTHENTICATED"

# What a variable may name (tests/test_isolation.py makes one of each in A and in B).
OBJECT_KINDS = ("unit", "dossier", "phone", "document", "casefile", "planentry", "worktask", "signedpdf", "person",
                "token", "newphone")  # newphone: a new number for each call, not the dossier's (online submissions)


@dataclass(frozen=True)
class Row:
    endpoint: str
    field: str
    call: str
    uses: dict = field(default_factory=dict)
    roles: str = "*"
    passes: str = OK
    denied: str = DENIED
    foreign: str = NOT_FOUND
    anonymous: str = UNAUTHENTICATED
    platform: str = OK
    by_role: dict = field(default_factory=dict)


def cells(row: Row, roles: list[str]):
    """(caller, target, expected outcome) for every cell of the row: caller a role of A, "member of B", "platform
    account" or "anonymous"; target "A" or "B" (whose objects the call names)."""
    targets = ("A", "B") if row.uses else ("A",)
    passing = {role for role in roles if row.roles == "*" or role in row.roles.split()}
    for role in roles:
        yield role, "A", row.by_role.get(role, row.passes if role in passing else row.denied)
        if row.uses:
            yield role, "B", row.foreign if role in passing else row.denied
    if row.endpoint == "unit":
        for target in targets:
            yield "member of B", target, NOT_A_MEMBER
        yield "platform account", "A", NOT_A_MEMBER
    else:
        yield "member of B", "A", (row.foreign if row.uses else row.passes) if passing else row.denied
        for target in targets:
            yield "platform account", target, row.platform
    for target in targets:
        yield "anonymous", target, row.anonymous


def unit(field_name, call, uses=None, **expected) -> Row:
    return Row("unit", field_name, call, uses or {}, **expected)


def platform(field_name, call, uses=None, **expected) -> Row:
    return Row("platform", field_name, call, uses or {}, **expected)


ARCHIVE = "administrator specialist leader clerk archivist"  # casefiles.view_casefile / change_casefile
ARCHIVE_KEEPERS = "administrator clerk archivist"  # casefiles.add_fileplanentry / transfer_casefile
DOCUMENTS = "administrator specialist leader clerk"  # signatures.view_signedpdf, worktasks.view_task
SEE_DOCUMENTS = "leader clerk"  # see every ordinary document; others only those routed to them (documents.access)
DOSSIERS = "administrator receiving_officer specialist leader result_officer"  # onestop.view_dossier, notices, fees
HANDLERS = "receiving_officer specialist leader result_officer"  # onestop.change_dossier
FOLLOWERS = "administrator receiving_officer clerk leader"  # the unit's failed messages (core.web.access)
STAFF_ROLES = '["administrator", "receiving_officer", "specialist", "leader", "clerk"]'  # A's "person" holds these
PDF = "JVBERi0xLjQK"  # "%PDF-1.4\n": not a signed PDF

MATRIX = [
    # --- unit endpoint: queries ----------------------------------------------------------------------------------
    unit("assignablePermissions", "{ assignablePermissions { name label } }", roles="administrator"),
    unit("casefile", "query($id: ID!) { casefile(id: $id) { id title } }", {"id": "casefile"}, roles=ARCHIVE),
    unit("carriedMemberships", "{ carriedMemberships { id username } }", roles="administrator", passes=EMPTY),
    unit("casefileNotices", "{ casefileNotices { id } }", roles=ARCHIVE, passes=EMPTY),
    unit("casefilePlan", "{ casefilePlan(year: 2026) { id title } }", roles=ARCHIVE),
    unit("casefileTransfers", "{ casefileTransfers { id } }", roles=ARCHIVE, passes=EMPTY),
    unit("casefiles", "{ casefiles(first: 10) { totalCount edges { node { id title } } } }", roles=ARCHIVE),
    unit("document", "query($id: ID!) { document(id: $id) { id subject } }", {"id": "document"}, roles=SEE_DOCUMENTS,
         denied=NOT_FOUND),
    unit("documentArrivals", "{ documentArrivals { id subject } }", roles=SEE_DOCUMENTS, passes=EMPTY,
         denied=FORBIDDEN_ROLE),
    unit("documentRecipients", "query($id: ID!) { documentRecipients(id: $id) { name statusCode } }",
         {"id": "document"}, roles=SEE_DOCUMENTS, passes=EMPTY, denied=NOT_FOUND),  # A's is incoming: no recipient
    unit("documentTypes", "{ documentTypes { code } }"),
    # Colleagues offered on the document pages: every role holding documents.view_document.
    unit("documentsPeople", "{ documentsPeople(kind: ASSIGNABLE) { id name } }",
         roles="administrator specialist leader clerk"),
    unit("documentsRegisterUrl", '{ documentsRegisterUrl(direction: INCOMING, dateFrom: "2026-11-01", '
         'dateTo: "2026-11-30") }', roles=SEE_DOCUMENTS,
         by_role={"administrator": FORBIDDEN_ROLE, "specialist": FORBIDDEN_ROLE}),
    unit("documents", "{ documents(first: 10) { totalCount edges { node { id subject } } } }", roles=SEE_DOCUMENTS,
         denied=EMPTY),
    unit("documentsOverdue", "{ documentsOverdue { late } }", passes=EMPTY),  # nothing late in A
    # A's document is registered and not presented: it waits for the clerks alone.
    unit("documentsQueue", "{ documentsQueue(queue: WAITING, first: 10) { totalCount edges { node { id subject } } } }",
         passes=EMPTY, by_role={"clerk": OK}),
    # The forms module's dictionary and published forms are shared reference data: the same for every caller.
    unit("failedMessages", "{ failedMessages { id receiver lastError } }", roles=FOLLOWERS, passes=EMPTY),
    unit("formsBuilderForm", '{ formsBuilderForm(id: "999999") { id spec } }', roles="administrator",
         passes=NOT_FOUND),  # the builder's guard: a unit's administrator; drafts are shared, none in the world
    unit("formsBuilderForms", "{ formsBuilderForms { id status } }", roles="administrator", passes=EMPTY),
    unit("formsCodeList", '{ formsCodeList(key: "sex") { number size } }', anonymous=OK),
    unit("formsCodeLists", "{ formsCodeLists { key number } }", anonymous=OK),
    unit("formsField", '{ formsField(key: "full_name") { key } }', anonymous=OK),
    unit("formsFields", "{ formsFields { key } }", anonymous=OK),
    unit("formsForm", '{ formsForm(id: "999999") { id } }', passes=NOT_FOUND, anonymous=NOT_FOUND),  # none published
    unit("formsPublishedForms", "{ formsPublishedForms { id } }", passes=EMPTY, anonymous=EMPTY),
    unit("formsValidateForm", '{ formsValidateForm(formId: "999999", data: {}) { valid } }', passes=NOT_FOUND,
         anonymous=NOT_FOUND),
    unit("invitations", "{ invitations { id email address } }", roles="administrator"),  # the first one's, open
    unit("me", "{ me { username } }", anonymous=NULL),
    unit("moduleSettings", '{ moduleSettings(moduleId: "onestop") }', roles="administrator"),
    # A's dossier was received at the counter, not on an online form: no form data (null); B's is not found in A.
    # A's dossier came from the counter: no files online (empty); B's is not found in A.
    # The catalogue is public reference: a unit's procedures for anyone (A handles none in the matrix's set-up).
    unit("portalProcedures", '{ portalProcedures(search: "ho") { total procedures { code } } }', anonymous=OK),
    unit("portalDossierFiles", "query($c: String!) { portalDossierFiles(code: $c) { name downloadUrl } }",
         {"c": "dossier"}, roles=DOSSIERS, passes=EMPTY),
    unit("portalDossierFormData", "query($c: String!) { portalDossierFormData(code: $c) { xml } }", {"c": "dossier"},
         roles=DOSSIERS, passes=NULL),
    # The portal's citizen is whoever signed in to the portal in the session, never a token's member: none here.
    unit("portalFormDraft", '{ portalFormDraft(procedureCode: "1.001612") { formId } }', passes=NULL, anonymous=NULL),
    unit("portalMyFormSubmissions", "{ portalMyFormSubmissions { dossierCode } }", passes=EMPTY, anonymous=EMPTY),
    unit("members", "{ members(first: 50) { totalCount edges { node { user { username } } } } }",
         roles="administrator", denied=EMPTY),
    unit("modules", "{ modules { enabled module { id } } }"),
    unit("myApiTokens", "{ myApiTokens { totalCount } }", passes=EMPTY),
    unit("myMembership", "{ myMembership { roles { code } } }"),
    unit("noticesOfDossier", "query($c: String!) { noticesOfDossier(code: $c) { channel } }", {"c": "dossier"},
         roles=DOSSIERS, passes=EMPTY),  # a dossier received at the counter, nothing sent yet
    unit("onestopDossier", "query($c: String!) { onestopDossier(code: $c) { code applicantName } }", {"c": "dossier"},
         roles=DOSSIERS),
    unit("onestopDossiers", "{ onestopDossiers(first: 10) { totalCount edges { node { code applicantName } } } }",
         roles=DOSSIERS),
    unit("onestopProcedures", "{ onestopProcedures { code } }", anonymous=OK),
    # The procedures of the province's other units this point may receive for (A belongs to no province: none).
    unit("onestopReceivableProcedures", "{ onestopReceivableProcedures { procedureCode unit { code } } }",
         roles="receiving_officer", passes=EMPTY),
    # The review queue reads only the ended units this unit succeeded (A succeeded none: an empty list).
    unit("onestopReorganisationReview", "{ onestopReorganisationReview { code applicantName } }",
         roles="administrator", passes=EMPTY),
    unit("paymentsFees", "query($c: String!) { paymentsFees(code: $c) { amount } }", {"c": "dossier"}, roles=DOSSIERS),
    unit("printingForms", "query($c: String!) { printingForms(dossierCode: $c) { number } }", {"c": "dossier"},
         roles=DOSSIERS),
    unit("printingRegisterUrl", '{ printingRegisterUrl(dateFrom: "2026-11-01", dateTo: "2026-11-30") }',
         roles=DOSSIERS),
    unit("roles", "{ roles { code } }", roles="administrator"),
    unit("signedPdf", "query($id: ID!) { signedPdf(id: $id) { id name } }", {"id": "signedpdf"}, roles=DOCUMENTS),
    unit("statisticsIndicators", "{ statisticsIndicators(period: MONTH, year: 2026, number: 11) { __typename } }",
         roles="administrator leader"),
    # A holds no recorded 766 value: an empty list for the roles that see its statistics.
    unit("statisticsRecordedIndicatorValues", "{ statisticsRecordedIndicatorValues(period: QUARTER, year: 2026, "
         "number: 4) { indicator source } }", roles="administrator leader", passes=EMPTY),
    unit("statisticsSummary", '{ statisticsSummary(from: "2026-11-01", to: "2026-11-30") { __typename } }',
         roles="administrator leader"),
    unit("statisticsTrend", '{ statisticsTrend(from: "2026-11-01", to: "2026-11-30") { days { day received } '
         'attribution { unitCode } } }', roles="administrator leader"),
    unit("unit", "{ unit { code name } }", anonymous=OK),  # the unit's own name, as its portal shows it
    unit("worktask", "query($id: ID!) { worktask(id: $id) { id title } }", {"id": "worktask"}, roles=DOCUMENTS),
    unit("worktasks", "{ worktasks(first: 10) { totalCount edges { node { id title } } } }", roles=DOCUMENTS),
    unit("worktasksLate", "{ worktasksLate { byPerson { key } } }", roles=DOCUMENTS),
    # Nobody in the matrix's unit heads a department: the list is empty for every role that may read tasks.
    unit("worktasksOverseen", "{ worktasksOverseen(first: 10) { totalCount edges { node { id title } } } }",
         roles=DOCUMENTS, passes=EMPTY),
    # --- unit endpoint: mutations --------------------------------------------------------------------------------
    unit("confirmCarriedMemberships", "mutation { confirmCarriedMemberships(ids: [\"999999\"]) { errors { code } } }",
         roles="administrator", passes=NOT_FOUND),  # nobody was carried into A
    unit("casefilesAddDocument", "mutation($id: ID!, $d: ID!) { casefilesAddDocument(id: $id, documentId: $d) { "
         "errors { code } } }", {"id": "casefile", "d": "document"}, roles=ARCHIVE),
    unit("casefilesAddPlanEntry", "mutation($k: ID) { casefilesAddPlanEntry(year: 2026, code: \"09.09\", "
         "title: \"Hồ sơ mới\", keeperId: $k) { errors { code } } }", {"k": "person"}, roles=ARCHIVE_KEEPERS,
         foreign=NOT_A_MEMBER),
    unit("casefilesClose", "mutation($id: ID!) { casefilesClose(id: $id) { errors { code } } }", {"id": "casefile"},
         roles=ARCHIVE, passes="EMPTY_FILE"),
    unit("casefilesOpen", "mutation($p: ID!) { casefilesOpen(planEntryId: $p) { errors { code } } }",
         {"p": "planentry"}, roles=ARCHIVE),
    unit("casefilesRemoveDocument", "mutation($id: ID!, $d: ID!) { casefilesRemoveDocument(id: $id, documentId: $d) { "
         "errors { code } } }", {"id": "casefile", "d": "document"}, roles=ARCHIVE, passes="NOT_IN_FILE"),
    unit("casefilesTransfer", "mutation($ids: [ID!]!) { casefilesTransfer(fileIds: $ids) { errors { code } } }",
         {"ids": "casefile[]"}, roles=ARCHIVE_KEEPERS, passes="NOT_CLOSED"),
    # A's document is an incoming one just registered: what passes is refused by the step's rule.
    unit("documentsComplete", "mutation($id: ID!) { documentsComplete(id: $id) { errors { code } } }",
         {"id": "document"}, roles=SEE_DOCUMENTS, passes="INVALID_TRANSITION", denied=NOT_FOUND),
    unit("documentsCreateOutgoing", "mutation($s: ID) { documentsCreateOutgoing(signingAuthorityId: $s, metadata: { "
         "typeCode: \"quyet_dinh\", subject: \"Về việc mới\" }) { errors { code } } }", {"s": "person"},
         roles="specialist leader clerk", denied=FORBIDDEN_ROLE, foreign="INVALID_DATA"),
    unit("documentsDirect", "mutation($id: ID!, $p: ID) { documentsDirect(id: $id, text: \"Giao xử lý\", "
         "assignments: [{ role: LEAD, personId: $p }]) { errors { code } } }", {"id": "document", "p": "A:person"},
         roles=SEE_DOCUMENTS, passes="INVALID_TRANSITION", denied=NOT_FOUND),
    unit("documentsDraftStep", "mutation($id: ID!) { documentsDraftStep(id: $id, action: SUBMIT) { errors { code } } }",
         {"id": "document"}, roles=SEE_DOCUMENTS, passes="INVALID_TRANSITION", denied=NOT_FOUND),
    unit("documentsIssue", "mutation($id: ID!) { documentsIssue(id: $id) { errors { code } } }", {"id": "document"},
         roles=SEE_DOCUMENTS, passes="INVALID_TRANSITION", denied=NOT_FOUND),
    # "<edXML/>" is no envelope; A has no arrival from outside: a clerk gets past the role check to NOT_FOUND.
    unit("documentsReceiveEdxml", "mutation { documentsReceiveEdxml(contentBase64: \"PGVkWE1MLz4=\") { "
         "errors { code } } }", roles="clerk", passes="INVALID_ENVELOPE", denied=FORBIDDEN_ROLE),
    unit("documentsRefuseArrival", "mutation { documentsRefuseArrival(id: \"999999\", reason: \"Sai nơi nhận\") { "
         "errors { code } } }", roles="clerk", passes=NOT_FOUND, denied=FORBIDDEN_ROLE),
    unit("documentsRegisterArrival", "mutation { documentsRegisterArrival(id: \"999999\") { errors { code } } }",
         roles="clerk", passes=NOT_FOUND, denied=FORBIDDEN_ROLE),
    unit("documentsPresent", "mutation($id: ID!, $l: ID!) { documentsPresent(id: $id, leaderId: $l) { "
         "errors { code } } }", {"id": "document", "l": "A:person"}, roles="clerk", denied=NOT_FOUND,
         by_role={"leader": FORBIDDEN_ROLE}),
    unit("documentsRegisterIncoming", "mutation { documentsRegisterIncoming(metadata: { typeCode: \"quyet_dinh\", "
         "subject: \"Về việc đến\", number: 99, symbol: \"QĐ-UBND\", issuerName: \"UBND tỉnh\", "
         "issuedOn: \"2026-11-18\" }) { errors { code } } }", roles="clerk", denied=FORBIDDEN_ROLE),
    unit("documentsReport", "mutation($id: ID!) { documentsReport(id: $id, body: \"Đã xử lý\") { errors { code } } }",
         {"id": "document"}, roles=SEE_DOCUMENTS, passes="INVALID_TRANSITION", denied=NOT_FOUND),
    # A's document is an incoming one just registered: a clerk or a leader hands it on to A's person; the roles that
    # do not see it get what reading it answers.
    unit("documentsShare", "mutation($id: ID!, $p: ID!) { documentsShare(id: $id, personId: $p) { errors { code } } }",
         {"id": "document", "p": "A:person"}, roles=SEE_DOCUMENTS, denied=NOT_FOUND),
    # A's document is incoming (never sent to B): the clerk is told so; a leader may not take documents back.
    unit("documentsTakeBack", "mutation($id: ID!) { documentsTakeBack(id: $id, unitCode: \"91002\", "
         "reason: \"Gửi nhầm\") { errors { code } } }", {"id": "document"}, roles=SEE_DOCUMENTS,
         passes="NOT_ADDRESSED", denied=NOT_FOUND, by_role={"leader": FORBIDDEN_ROLE}),
    # The form builder (the builder page's guard): past it, an unknown form is NOT_FOUND, a draft without a title
    # INVALID_FORM; nothing is written.
    unit("formsCreateForm", 'mutation { formsCreateForm(procedureCode: "1.000001", versionLabel: "m", titleVi: "") { '
         "errors { code } } }", roles="administrator", passes="INVALID_FORM"),
    unit("formsEditForm", 'mutation { formsEditForm(formId: "999999", action: "add_section", params: {key: "a"}) { '
         "errors { code } } }", roles="administrator", passes=NOT_FOUND),
    # Its spreadsheet comes as a part of a multipart request (tests/test_forms_builder_api.py); here without one.
    unit("formsImportForm", 'mutation { formsImportForm(procedureCode: "1.000001", versionLabel: "m", titleVi: "T") { '
         "errors { code } } }", roles="administrator", passes="INVALID_FILE"),
    unit("formsNewFormVersion", 'mutation { formsNewFormVersion(formId: "999999", versionLabel: "m") { '
         "errors { code } } }", roles="administrator", passes=NOT_FOUND),
    unit("formsPublishForm", 'mutation { formsPublishForm(formId: "999999") { errors { code } } }',
         roles="administrator", passes=NOT_FOUND),
    unit("formsRetireForm", 'mutation { formsRetireForm(formId: "999999") { errors { code } } }', roles=""),
    unit("formsSaveForm", 'mutation { formsSaveForm(formId: "999999", spec: {sections: []}) { errors { code } } }',
         roles="administrator", passes=NOT_FOUND),
    unit("invitationsCreate", 'mutation { invitationsCreate(email: "khong-hop-le", role: "leader") { errors { code } '
         '} }', roles="administrator", passes="INVALID_EMAIL"),
    unit("invitationsWithdraw", 'mutation { invitationsWithdraw(id: "0") { errors { code } } }', roles="administrator",
         passes=NOT_FOUND),
    unit("issueApiToken", "mutation { issueApiToken(input: { name: \"script\" }) { errors { code } } }"),
    # The unit administrator's people and roles: a call that passes the checks changes nothing (the person's own
    # roles, active already; a name no one has; a role that exists; a platform permission refused).
    unit("membersAdd", 'mutation { membersAdd(person: "khong-co-nguoi-nay", roles: []) { errors { code } } }',
         roles="administrator", passes="PERSON_NOT_FOUND"),
    unit("membersSetActive", "mutation($u: ID!) { membersSetActive(userId: $u, active: true) { errors { code } "
         "membership { user { username } } } }", {"u": "person"}, roles="administrator"),
    unit("membersSetRoles", "mutation($u: ID!) { membersSetRoles(userId: $u, roles: " + STAFF_ROLES + ") { "
         "errors { code } membership { user { username } } } }", {"u": "person"}, roles="administrator"),
    unit("moduleSettingsSet", 'mutation { moduleSettingsSet(moduleId: "onestop", settings: {max_scan_mb: "nhiều"}) { '
         "errors { code } } }", roles="administrator", passes="INVALID_SETTING"),
    # A's dossier is one its staff recorded: no code was ever sent for it (tests/test_notices_confirmation.py).
    unit("noticesConfirmContact", "mutation($c: String!) { noticesConfirmContact(code: $c, confirmationCode: "
         "\"000000\") { errors { code } } }", {"c": "dossier"}, passes=NOT_FOUND, anonymous=NOT_FOUND),
    unit("noticesResendContactCode", "mutation($c: String!) { noticesResendContactCode(code: $c) { errors { code } } }",
         {"c": "dossier"}, passes=NOT_FOUND, anonymous=NOT_FOUND),
    unit("retryFailedMessages", 'mutation { retryFailedMessages(ids: ["00000000-0000-0000-0000-000000000000"]) { '
         "errors { code } retried } }", roles=FOLLOWERS),
    unit("rolesChange", 'mutation { rolesChange(code: "leader", name: "Lãnh đạo", permissions: '
         '["tenants.change_unit"]) { errors { code } } }', roles="administrator", passes="PERMISSION_NOT_ALLOWED"),
    unit("rolesCreate", 'mutation { rolesCreate(code: "leader", name: "Lãnh đạo", permissions: []) { errors { code } '
         "} }", roles="administrator", passes="ROLE_EXISTS"),
    # Past the permission (seeing the unit's statistics and changing its settings: the administrator), refused for
    # a month not begun yet by the suite's clock (November 2026): nothing written.
    unit("statisticsRecordIndicatorValue", "mutation { statisticsRecordIndicatorValue(indicator: \"fees_integrated\", "
         "month: \"2027-01-01\", numerator: 1, denominator: 2, source: \"Cổng DVC quốc gia\") { errors { code } } }",
         roles="administrator", passes="INVALID_ARGUMENT"),
    unit("onestopAssignReorganisedDossier", "mutation($c: String!) { onestopAssignReorganisedDossier(code: $c) { "
         "errors { code } } }", {"c": "dossier"}, roles="administrator", passes="NOT_A_PREDECESSOR",
         foreign="NOT_A_PREDECESSOR"),
    unit("onestopDigitiseResult", "mutation($c: String!) { onestopDigitiseResult(code: $c, exemption: "
         "PROCESSING_RESULT) { errors { code } } }", {"c": "dossier"}, roles=HANDLERS, passes="NO_RESULT"),
    unit("onestopRejectLookedUpData", "mutation($c: String!) { onestopRejectLookedUpData(code: $c, component: "
         "\"Giấy khai sinh\", reason: \"Sai ngày sinh\") { errors { code } } }", {"c": "dossier"}, roles=HANDLERS,
         passes="NOT_LOOKED_UP", by_role={"leader": FORBIDDEN_ROLE, "result_officer": FORBIDDEN_ROLE}),
    unit("onestopPerformDossierAction", "mutation($c: String!) { onestopPerformDossierAction(code: $c, action: START) "
         "{ errors { code } } }", {"c": "dossier"}, roles=HANDLERS,
         by_role={"specialist": FORBIDDEN_ROLE, "leader": FORBIDDEN_ROLE, "result_officer": FORBIDDEN_ROLE}),
    unit("onestopReceiveDossier", "mutation { onestopReceiveDossier(input: { procedureCode: \"1.001612\", "
         "applicantName: \"Lê Văn Cường\" }) { errors { code } } }", roles="receiving_officer"),
    unit("onestopSubmitDossierOnline", "mutation($p: String!) { onestopSubmitDossierOnline(input: { "
         "procedureCode: \"1.001612\", applicantName: \"Lê Văn Cường\", applicantPhone: $p }) { errors { code } } }",
         {"p": "phone"}, foreign=OK, anonymous=OK),
    unit("onestopTransferDossier", "mutation($c: String!) { onestopTransferDossier(code: $c, toUnit: \"91002\") { "
         "errors { code } } }", {"c": "dossier"}, roles=HANDLERS, passes="INVALID_TRANSITION"),
    unit("portalSaveFormDraft", 'mutation { portalSaveFormDraft(procedureCode: "1.001612", data: {}) { errors { code '
         '} } }', passes="SIGN_IN_REQUIRED", anonymous="SIGN_IN_REQUIRED"),
    # No form is published for the procedure here: refused before anything is checked or recorded, for anyone.
    unit("portalSubmitForm", 'mutation { portalSubmitForm(procedureCode: "1.001612", data: {}) { errors { code } } }',
         passes=NOT_FOUND, anonymous=NOT_FOUND),
    # Its files come as parts of a multipart request (tests/test_api_uploads.py); here without any.
    unit("portalSubmitDossierOnline", "mutation($p: String!) { portalSubmitDossierOnline(input: { "
         "procedureCode: \"1.001612\", applicantName: \"Lê Văn Cường\", applicantPhone: $p }) { errors { code } } }",
         {"p": "newphone"}, foreign=OK, anonymous=OK),
    unit("paymentsStartPayment", "mutation($c: String!) { paymentsStartPayment(code: $c) { errors { code } } }",
         {"c": "dossier"}, roles="receiving_officer", passes="GATEWAY_NOT_CONFIGURED"),
    # Another member's token (finding 1): no role of the unit reaches it.
    unit("revokeApiToken", "mutation($id: ID!) { revokeApiToken(id: $id) { errors { code } } }", {"id": "token"},
         roles="", denied=NOT_FOUND),
    unit("signaturesReceivePdf", f"mutation {{ signaturesReceivePdf(name: \"a.pdf\", content: \"{PDF}\") {{ "
         "errors { code } } }", roles="specialist leader clerk", passes="NOT_A_PDF"),
    unit("signaturesSignPdf", f"mutation {{ signaturesSignPdf(name: \"a.pdf\", content: \"{PDF}\") {{ "
         "errors { code } } }", roles="leader", passes="KEY_UNAVAILABLE"),
    unit("worktasksAssign", "mutation($p: ID!) { worktasksAssign(title: \"Việc mới\", assigneeId: $p) { "
         "errors { code } } }", {"p": "person"}, roles="leader", foreign=NOT_A_MEMBER),
    # A's task is given to someone else: those who see it are not among its people.
    unit("worktasksClose", "mutation($id: ID!) { worktasksClose(id: $id) { errors { code } } }", {"id": "worktask"},
         roles=DOCUMENTS, passes="NOT_INVOLVED"),
    unit("worktasksReport", "mutation($id: ID!) { worktasksReport(id: $id, body: \"Đang làm\", progress: 50) { "
         "errors { code } } }", {"id": "worktask"}, roles=DOCUMENTS, passes="NOT_INVOLVED"),
    # --- platform endpoint: queries ------------------------------------------------------------------------------
    platform("carriedMemberships", "query($u: String!) { carriedMemberships(unitCode: $u) { id username } }",
             {"u": "unit"}, roles="", platform=EMPTY),  # nothing was carried into A or B
    # The builder on the platform needs the grant forms.change_formdefinition, which the matrix's account lacks
    # (tests/test_forms_builder_api.py covers the account holding it).
    platform("formsBuilderForm", '{ formsBuilderForm(id: "999999") { id } }', roles="", platform=DENIED),
    platform("formsBuilderForms", "{ formsBuilderForms { id } }", roles="", platform=DENIED),
    platform("formsCodeList", '{ formsCodeList(key: "sex") { number size } }', anonymous=OK),
    platform("formsCodeLists", "{ formsCodeLists { key number } }", anonymous=OK),
    platform("formsField", '{ formsField(key: "full_name") { key } }', anonymous=OK),
    platform("formsFields", "{ formsFields { key } }", anonymous=OK),
    platform("portalProcedures", '{ portalProcedures(search: "ho") { total } }', anonymous=OK),
    platform("formsForm", '{ formsForm(id: "999999") { id } }', passes=NOT_FOUND, anonymous=NOT_FOUND,
             platform=NOT_FOUND),
    platform("formsPublishedForms", "{ formsPublishedForms { id } }", passes=EMPTY, anonymous=EMPTY, platform=EMPTY),
    platform("formsValidateForm", '{ formsValidateForm(formId: "999999", data: {}) { valid } }', passes=NOT_FOUND,
             anonymous=NOT_FOUND, platform=NOT_FOUND),
    platform("me", "{ me { username } }", anonymous=NULL),
    platform("memberships", "{ memberships(first: 10) { totalCount } }", roles=""),
    platform("modules", "{ modules { id } }"),
    platform("myApiTokens", "{ myApiTokens { totalCount } }", passes=EMPTY, platform=EMPTY),
    platform("reorganisationPlan", "{ reorganisationPlan(id: \"999999\") { id run { status } } }", roles="",
             platform=NOT_FOUND),  # no plan was carried out
    platform("reorganisationPlans", "{ reorganisationPlans(first: 10) { totalCount } }", roles="", platform=EMPTY),
    platform("statisticsIndicatorsRollup", "query($u: String!) { statisticsIndicatorsRollup(unitCode: $u, "
             "period: YEAR, year: 2026) { __typename } }", {"u": "unit"}, roles="administrator leader", foreign=DENIED),
    platform("statisticsRollup", "query($u: String!) { statisticsRollup(unitCode: $u, from: \"2026-11-01\", "
             "to: \"2026-11-30\") { __typename } }", {"u": "unit"}, roles="administrator leader", foreign=DENIED),
    platform("trackingDossier", "query($c: String!, $p: String!) { trackingDossier(code: $c, phone: $p) { status } }",
             {"c": "dossier", "p": "phone"}, foreign=OK, anonymous=OK),
    platform("unit", "query($u: String!) { unit(code: $u) { code } }", {"u": "unit"}, roles=""),
    platform("unitModules", "query($u: String!) { unitModules(code: $u) { enabled } }", {"u": "unit"}, roles=""),
    platform("unitTree", "query($u: String!) { unitTree(code: $u) { code name depth } }", {"u": "unit"}, roles=""),
    platform("units", "{ units(first: 10) { totalCount } }", roles=""),
    # --- platform endpoint: mutations ----------------------------------------------------------------------------
    platform("confirmCarriedMemberships", "mutation($u: String!) { confirmCarriedMemberships(unitCode: $u, "
             "ids: [\"999999\"]) { errors { code } } }", {"u": "unit"}, roles="", platform=NOT_FOUND),
    platform("disableModule", "mutation($u: String!) { disableModule(unitCode: $u, moduleId: \"worktasks\") { "
             "errors { code } } }", {"u": "unit"}, roles=""),
    platform("enableModule", "mutation($u: String!) { enableModule(unitCode: $u, moduleId: \"notices\") { "
             "errors { code } } }", {"u": "unit"}, roles=""),
    platform("formsCreateForm", 'mutation { formsCreateForm(procedureCode: "1.000001", versionLabel: "m", '
             'titleVi: "") { errors { code } } }', roles="", platform=DENIED),
    platform("formsEditForm", 'mutation { formsEditForm(formId: "999999", action: "add_section") { errors { code } } }',
             roles="", platform=DENIED),
    platform("formsImportForm", 'mutation { formsImportForm(procedureCode: "1.000001", versionLabel: "m", '
             'titleVi: "T") { errors { code } } }', roles="", platform=DENIED),
    platform("formsNewFormVersion", 'mutation { formsNewFormVersion(formId: "999999", versionLabel: "m") { '
             "errors { code } } }", roles="", platform=DENIED),
    platform("formsPublishForm", 'mutation { formsPublishForm(formId: "999999") { errors { code } } }', roles="",
             platform=DENIED),
    platform("formsRetireForm", 'mutation { formsRetireForm(formId: "999999") { errors { code } } }', roles="",
             platform=DENIED),
    platform("formsSaveForm", 'mutation { formsSaveForm(formId: "999999", spec: {}) { errors { code } } }', roles="",
             platform=DENIED),
    platform("issueApiToken", "mutation($u: String!) { issueApiToken(input: { name: \"script\", unitCodes: [$u] }) { "
             "errors { code } } }", {"u": "unit"}, foreign=NOT_A_MEMBER, platform=NOT_A_MEMBER),
    platform("issueServiceToken", "mutation($u: String!) { issueServiceToken(input: { username: \"svc-matrix\", "
             "name: \"sync\", unitCodes: [$u] }) { errors { code } } }", {"u": "unit"}, roles=""),
    platform("provisionUnit", "mutation($u: String!) { provisionUnit(code: $u) { errors { code } } }", {"u": "unit"},
             roles="", platform="INVALID_STATUS"),  # A and B are provisioned
    platform("redeemInvitation", "mutation { redeemInvitation(input: { token: \"no-such-invitation\" }) { "
             "errors { code } } }", passes="INVITATION_NOT_FOUND", anonymous="INVITATION_NOT_FOUND",
             platform="INVITATION_NOT_FOUND"),
    platform("requestUnit", "mutation($u: String!) { requestUnit(input: { code: \"91099\", name: \"Xã Mới\", "
             "kind: \"commune\", parentCode: $u }) { errors { code } } }", {"u": "unit"}, roles=""),
    platform("revokeApiToken", "mutation($id: ID!) { revokeApiToken(id: $id) { errors { code } } }", {"id": "token"},
             roles="", denied=NOT_FOUND),
    platform("trackingRateDossier", "mutation($c: String!, $p: String!) { trackingRateDossier(code: $c, phone: $p, "
             "score: 5) { errors { code } } }", {"c": "dossier", "p": "phone"}, passes="NOT_RETURNED",
             foreign="NOT_RETURNED", anonymous="NOT_RETURNED", platform="NOT_RETURNED"),  # the result is not out yet
]
