"""The `lead_providers` GET participant contract served by Cadwyn (FastAPI), for the peers'
comparison of `scripts/bench.sh peers`.

The same contract as `versionary_examples::lead_providers`: `GET /api/v{1,2}/participants/{id}`;
version 2 reports `is_active`, version 1 `status` ("active" / "inactive") instead, derived
from the latest data by a response migration. The answers carry the same version headers
(`api-version`, `api-supported-versions`), and the body bytes are the same as versionary's (the
script checks both before measuring).
"""

from fastapi import HTTPException, Response
from pydantic import BaseModel

from cadwyn import (
    Cadwyn,
    ResponseInfo,
    Version,
    VersionBundle,
    VersionChange,
    VersionedAPIRouter,
    convert_response_to_previous_version_for,
    schema,
)


class Participant(BaseModel):
    """A participant on a training programme (latest shape)."""

    participant_id: str
    name: str
    cohort: int
    is_active: bool


class StatusBecameIsActive(VersionChange):
    description = "Participants report `is_active` (a boolean) instead of `status`"
    instructions_to_migrate_to_previous_version = (
        schema(Participant).field("status").existed_as(type=str),
        schema(Participant).field("is_active").didnt_exist,
    )

    @convert_response_to_previous_version_for(Participant)
    def is_active_to_status(response: ResponseInfo) -> None:  # noqa: N805
        response.body["status"] = "active" if response.body.pop("is_active") else "inactive"


VERSIONS = VersionBundle(Version("v2", StatusBecameIsActive), Version("v1"))

PARTICIPANTS = {
    p.participant_id: p
    for p in [
        Participant(participant_id="21412-12121", name="Bukayo Saka", cohort=2025, is_active=True),
        Participant(participant_id="21412-12122", name="Leah Williamson", cohort=2024, is_active=False),
    ]
}

router = VersionedAPIRouter()


@router.get("/api/{api_version}/participants/{participant_id}", response_model=Participant)
async def get_participant(participant_id: str, response: Response) -> Participant:
    version = VERSIONS.api_version_var.get() or ""
    response.headers["api-version"] = version.removeprefix("v")
    response.headers["api-supported-versions"] = "1, 2"
    participant = PARTICIPANTS.get(participant_id)
    if participant is None:
        raise HTTPException(status_code=404, detail=f"no participant `{participant_id}`")
    return participant


app = Cadwyn(
    versions=VERSIONS,
    api_version_location="path",
    api_version_format="string",
    api_version_parameter_name="api_version",
)
app.generate_and_include_versioned_routers(router)
