package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// One server per data directory: serve holds an exclusive flock on
// DATA/piiri.lock for as long as it runs. The kernel drops the lock when
// the process dies, however it dies, so a killed server leaves no lock
// behind; the file itself stays and only says who held it last. Admin
// commands do not take it: they work beside a running server.

func (c Config) lockPath() string { return filepath.Join(c.Data, "piiri.lock") }

// dataLock is the held lock on a data directory.
type dataLock struct {
	f *os.File
}

// lockedError: another process serves the data directory.
type lockedError struct {
	data   string
	holder string // "pid ADDR" as the holder wrote it; may be empty
}

func (e *lockedError) Error() string {
	return fmt.Sprintf("data directory %s is already served (%s)", e.data, e.holder)
}

// lockData takes the data directory's lock, or says who holds it.
func lockData(cfg Config) (*dataLock, error) {
	f, err := os.OpenFile(cfg.lockPath(), os.O_RDWR|os.O_CREATE, 0o600)
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		// As with the database itself: say whose files to fix.
		return nil, &dbNotWritableError{path: cfg.dbPath(), err: err}
	} else if err != nil {
		return nil, fmt.Errorf("lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			holder, _ := os.ReadFile(cfg.lockPath())
			return nil, &lockedError{data: cfg.Data, holder: strings.TrimSpace(string(holder))}
		}
		return nil, fmt.Errorf("lock %s: %w", cfg.lockPath(), err)
	}
	l := &dataLock{f: f}
	if err := l.note(""); err != nil {
		l.release()
		return nil, err
	}
	return l, nil
}

// note writes who holds the lock: this process and, once it listens, its
// address.
func (l *dataLock) note(addr string) error {
	line := fmt.Sprintf("%d %s\n", os.Getpid(), addr)
	if err := l.f.Truncate(0); err != nil {
		return fmt.Errorf("lock file: %w", err)
	}
	if _, err := l.f.WriteAt([]byte(line), 0); err != nil {
		return fmt.Errorf("lock file: %w", err)
	}
	return nil
}

// release gives the lock up. The file stays: removing it would let a
// starting server lock a new file while another still holds the old one.
func (l *dataLock) release() {
	if l != nil && l.f != nil {
		l.f.Close()
	}
}

// holderPidAddr splits the lock file's "pid ADDR" line.
func holderPidAddr(holder string) (pid, addr string) {
	pid, addr, _ = strings.Cut(holder, " ")
	return pid, strings.TrimSpace(addr)
}
