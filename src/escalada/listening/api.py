"""Listening REST API: the listening report (JSON or CSV) and promoting a post into the inbox."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from escalada.auth.dependencies import SessionDep, require
from escalada.auth.permissions import Permission
from escalada.auth.principal import Principal
from escalada.inbox import service as inbox_service
from escalada.listening import report, stream
from escalada.reports.export import to_csv

router = APIRouter(prefix="/api/v1/listening", tags=["listening"])
Lead = Annotated[Principal, Depends(require(Permission.LISTENING_MANAGE))]
Days = Annotated[int, Query(ge=1, le=report.MAX_DAYS, description="UTC days back, today included")]


def report_response(reports: list[report.QueryReport], fmt: str) -> Any:
    if fmt == "csv":
        return Response(to_csv(report.csv_rows(reports), report.CSV_COLUMNS),
                        media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="listening.csv"'})
    return {"queries": report.as_json(reports)}


@router.get("/report", summary="Per listening query: matches per day, share negative, top authors")
def get_report(session: SessionDep, principal: Lead, days: Days = 14,
               fmt: Annotated[Literal["json", "csv"], Query(alias="format")] = "json") -> Any:
    return report_response(report.listening_report(session, principal=principal, days=days), fmt)


@router.post("/conversations/{conversation_id}/promote",
             summary="Move a listening conversation into the inbox (routed, under SLA)")
def promote(conversation_id: int, session: SessionDep, principal: Lead) -> dict[str, Any]:
    conversation = inbox_service.get_conversation(session, conversation_id=conversation_id, principal=principal)
    moved = stream.promote(session, conversation, actor=principal, reason="moved to the inbox by hand")
    return {"conversation_id": conversation.id, "promoted": moved}
