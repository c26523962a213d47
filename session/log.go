package session

import (
	"context"
	"log/slog"
)

// Every Service method logs what was done, by whom and with what outcome:
// the action (the method's name), the ids it concerned and the error
// code. It never logs text people typed — names, reflections, discussion,
// answers — nor an error's arguments, which may echo such text.

type loggerKey struct{}

// WithLogger returns a context whose Service calls log to l, e.g. a
// logger that carries one SSH session's id and key fingerprint.
func WithLogger(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey{}, l)
}

func (s *Service) logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey{}).(*slog.Logger); ok {
		return l
	}
	if s.Log != nil {
		return s.Log
	}
	return discard
}

var discard = slog.New(slog.DiscardHandler)

// logChange logs an action that changes data: Info when it was done,
// Warn when it was refused. Call it deferred with the method's error.
func (s *Service) logChange(ctx context.Context, action string, err *error, attrs ...any) {
	s.logAction(ctx, slog.LevelInfo, action, *err, attrs)
}

// logRead logs an action that only reads: Debug when it was done, Warn
// when it was refused.
func (s *Service) logRead(ctx context.Context, action string, err *error, attrs ...any) {
	s.logAction(ctx, slog.LevelDebug, action, *err, attrs)
}

func (s *Service) logAction(ctx context.Context, ok slog.Level, action string, err error, attrs []any) {
	level := ok
	code := ErrorCode(err)
	switch code {
	case "", ENoChange:
	case EForbidden, EUnauthorized, ENotFound:
		level = slog.LevelWarn // a refusal, or someone probing
	case EInternal:
		level = slog.LevelError
	default:
		level = slog.LevelInfo // invalid input, a conflict, a limit
	}
	l := s.logger(ctx)
	if !l.Enabled(ctx, level) {
		return
	}
	attrs = append([]any{"action", action}, attrs...)
	if code != "" {
		attrs = append(attrs, "code", code)
	}
	if code == EInternal {
		// Internal errors come from the store (paths, SQL), not from
		// people's text.
		attrs = append(attrs, "err", err)
	}
	l.Log(ctx, level, "action", attrs...)
}
