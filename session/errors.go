package session

import (
	"errors"
	"fmt"
)

// Error codes. Every error a Service method returns carries one; anything
// without a code is treated as internal and never shown to a user as is.
const (
	EInvalid      = "invalid"      // bad input; Message says what to fix
	ENotFound     = "not_found"    // no such thing, or not visible to the actor
	EForbidden    = "forbidden"    // the actor may not do this
	EConflict     = "conflict"     // clashes with existing data
	EUnauthorized = "unauthorized" // unknown key: the actor must join first
	ELimit        = "limit"        // a rate or size limit was hit
	EInternal     = "internal"     // a bug or an infrastructure failure
	// ENoChange: nothing to do — what was asked is already so, or its
	// subject is gone (the person left, the meeting ended). Not a
	// refusal and not a clash: callers that only tidy up ignore it, and
	// it is never a reason to retry.
	ENoChange = "no_change"
)

// Error is a domain error. Message is a catalog key (see tui/i18n), never
// English text, so that every message can be shown in the user's language;
// Args fill the placeholders of that message.
type Error struct {
	Code    string
	Message string
	Args    []any
}

func (e *Error) Error() string {
	if len(e.Args) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s %v", e.Code, e.Message, e.Args)
}

// Errorf returns a domain error with a code and a catalog message key.
func Errorf(code, message string, args ...any) *Error {
	return &Error{Code: code, Message: message, Args: args}
}

// noChange is the error of a room change that finds nothing to change:
// Service.change stores and publishes nothing and returns it.
func noChange() *Error { return Errorf(ENoChange, MsgNoChange) }

// IsNoChange reports whether err says there was nothing to change.
func IsNoChange(err error) bool { return ErrorCode(err) == ENoChange }

// isInternal reports an error that is the server's, not the person's: a
// check that turns a failed lookup into "no such thing" must pass it on
// instead, or a broken database looks like a wrong id.
func isInternal(err error) bool { return ErrorCode(err) == EInternal }

// ErrorCode returns the code of a domain error, EInternal for anything else
// and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// AsError returns the domain error in err's chain, or an internal error
// that hides the original text (which may contain paths or SQL).
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: EInternal, Message: MsgInternal}
}
