package uv

import "sync"

// piiri patch: the key table is immutable once built (readers only look
// keys up), yet every terminal reader used to build its own, about 130 KB
// each. A server running thousands of readers shares one table per
// (encoding, TERM, terminfo) instead. TERM comes from the client, so the
// number of shared tables is bounded; past the bound a reader builds its own.

// maxSharedKeyTables bounds how many distinct tables are kept.
const maxSharedKeyTables = 32

type keyTableID struct {
	flags       LegacyKeyEncoding
	term        string
	useTerminfo bool
}

var sharedKeyTables struct {
	sync.Mutex
	m map[keyTableID]map[string]Key
}

// SharedKeyTables reports how many key tables are shared; a test in the
// program that carries this patch checks it.
func SharedKeyTables() int {
	sharedKeyTables.Lock()
	defer sharedKeyTables.Unlock()
	return len(sharedKeyTables.m)
}

// sharedKeysTable returns the shared, read-only key table for these
// settings, building it on first use.
func sharedKeysTable(flags LegacyKeyEncoding, term string, useTerminfo bool) map[string]Key {
	id := keyTableID{flags, term, useTerminfo}
	sharedKeyTables.Lock()
	t, ok := sharedKeyTables.m[id]
	sharedKeyTables.Unlock()
	if ok {
		return t
	}
	t = buildKeysTable(flags, term, useTerminfo)
	if len(term) > 64 {
		return t
	}
	sharedKeyTables.Lock()
	defer sharedKeyTables.Unlock()
	if prev, ok := sharedKeyTables.m[id]; ok {
		return prev
	}
	if len(sharedKeyTables.m) < maxSharedKeyTables {
		if sharedKeyTables.m == nil {
			sharedKeyTables.m = make(map[keyTableID]map[string]Key)
		}
		sharedKeyTables.m[id] = t
	}
	return t
}
