"""Personal API tokens for scripts."""

from fastapi import APIRouter, status

from twofold.api import present
from twofold.api.deps import CtxDep, UserDep
from twofold.api.schemas.accounts import ApiToken, TokenCreate
from twofold.services import accounts

router = APIRouter(prefix="/api/tokens", tags=["tokens"])


@router.get("")
def list_tokens(user: UserDep, ctx: CtxDep) -> list[ApiToken]:
    return [present.api_token(t) for t in accounts.list_api_tokens(ctx, user)]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_token(body: TokenCreate, user: UserDep, ctx: CtxDep) -> ApiToken:
    """The token's secret is in this answer only; it is stored as a keyed hash."""
    token, secret = accounts.do_create_api_token(ctx, user, body.name)
    return present.api_token(token, secret)


@router.delete("/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_token(token_id: str, user: UserDep, ctx: CtxDep) -> None:
    accounts.do_delete_api_token(ctx, user, token_id)
