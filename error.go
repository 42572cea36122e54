package tertial

import (
	"errors"
	"fmt"
)

// Error codes. A user sees the message of an error with any code but EINTERNAL; for
// EINTERNAL they see only "internal error" and the details go to the log.
const (
	ECONFLICT     = "conflict"     // the action conflicts with the current state (a locked period)
	EINTERNAL     = "internal"     // a fault of ours
	EINVALID      = "invalid"      // the input is wrong
	ENOTFOUND     = "not_found"    // the thing asked for does not exist
	ELOCKED       = "locked"       // the period is locked: its content can no longer change
	EFORBIDDEN    = "forbidden"    // the user may not do this
	EUNAUTHORIZED = "unauthorized" // no valid sign-in or token
)

// Error is an application error with a code and a message for the user (in Swedish).
type Error struct {
	Code    string
	Message string
	// Problems are the field-by-field problems of an EINVALID error made by Invalid, so
	// that a form or the API can show each beside its field.
	Problems []Problem
}

// Error implements the error interface.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is or wraps an *Error, EINTERNAL otherwise, and ""
// for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message a user may see for err: the message of an *Error, or
// "internt fel" for anything else.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "internt fel"
}
