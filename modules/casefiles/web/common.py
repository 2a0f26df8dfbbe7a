"""What the archivist's screens share: the permissions of their actions, the page number, a refusal's status."""

VIEW = "casefiles.view_casefile"
WORK = "casefiles.change_casefile"            # open a file, put documents in it, close it
PLAN = "casefiles.add_fileplanentry"          # the year's file plan
TRANSFER = "casefiles.transfer_casefile"      # hand closed files to the current archive


def page_number(request) -> int:
    try:
        return int(request.GET.get("trang", "1"))
    except ValueError:
        return 1


def status_of(refused) -> int:
    return 404 if str(refused.code) == "NOT_FOUND" else refused.status
