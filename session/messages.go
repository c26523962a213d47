package session

// Catalog keys of the messages that Service errors carry. The texts live in
// tui/i18n in every language; a test there reads this file and fails when one is missing.
const (
	MsgInternal         = "err.internal"
	MsgNotJoined        = "err.not_joined"
	MsgForbidden        = "err.forbidden"
	MsgInviteUnknown    = "err.invite_unknown"
	MsgInviteExpired    = "err.invite_expired"
	MsgInviteUsedUp     = "err.invite_used_up"
	MsgInviteCodeEmpty  = "err.invite_code_empty"
	MsgNameEmpty        = "err.name_empty"
	MsgNameTooLong      = "err.name_too_long"
	MsgLangInvalid      = "err.lang_invalid"
	MsgRoleInvalid      = "err.role_invalid"
	MsgUsesInvalid      = "err.uses_invalid"
	MsgExpiryInvalid    = "err.expiry_invalid"
	MsgKeyAlreadyJoined = "err.key_already_joined"
	MsgPersonNotFound   = "err.person_not_found"
	MsgConflict         = "err.conflict"
)
