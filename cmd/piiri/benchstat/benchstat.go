// Package benchstat lets `piiri bench` look inside the server it measures:
// goroutines, the heap after a collection and the heap by its largest
// owners. The bench's server processes (piiri's and the bare stack's)
// serve it on a loopback port they print at start.
package benchstat

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
)

// Banner is the start of the line a server prints with the stats address.
const Banner = "bench stats on "

// Stats is what /stats answers.
type Stats struct {
	Goroutines int     `json:"goroutines"`
	HeapInuse  uint64  `json:"heap_inuse_bytes"` // after a collection
	Owners     []Owner `json:"owners"`           // largest first
	// GoroutinesBy counts goroutines by the function each runs (in
	// Owner.Bytes), most first.
	GoroutinesBy []Owner `json:"goroutines_by"`
}

// Mark is what /mark answers: the allocation counters as they are, with
// no collection, so that the bench can tell what a stretch of its run
// (the fan-out) allocated and how often the collector ran.
type Mark struct {
	TotalAlloc uint64 `json:"total_alloc_bytes"`
	NumGC      uint32 `json:"num_gc"`
	HeapSys    uint64 `json:"heap_sys_bytes"`
}

// ProfileEnv names the file prefix /mark profiles the server into: the
// first mark starts a CPU profile (PREFIX.cpu) and writes the allocations
// so far (PREFIX.allocs0), the second stops it and writes them again
// (PREFIX.allocs1; go tool pprof -base PREFIX.allocs0 PREFIX.allocs1).
const ProfileEnv = "PIIRI_BENCH_FANOUT_PROFILE"

var profiling struct {
	sync.Mutex
	marks int
	cpu   *os.File
}

func markProfile() Mark {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m := Mark{TotalAlloc: ms.TotalAlloc, NumGC: ms.NumGC, HeapSys: ms.HeapSys}
	prefix := os.Getenv(ProfileEnv)
	if prefix == "" {
		return m
	}
	profiling.Lock()
	defer profiling.Unlock()
	profiling.marks++
	switch profiling.marks {
	case 1:
		writeAllocs(prefix + ".allocs0")
		if f, err := os.Create(prefix + ".cpu"); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				profiling.cpu = f
			} else {
				f.Close()
			}
		}
	case 2:
		if profiling.cpu != nil {
			pprof.StopCPUProfile()
			profiling.cpu.Close()
		}
		writeAllocs(prefix + ".allocs1")
	}
	return m
}

func writeAllocs(path string) {
	if f, err := os.Create(path); err == nil {
		_ = pprof.Lookup("allocs").WriteTo(f, 0)
		f.Close()
	}
}

// Owner is the heap in use allocated by one function (the first frame of
// the allocation's stack outside the runtime and standard containers).
type Owner struct {
	Func  string `json:"func"`
	Bytes int64  `json:"bytes"`
}

// Listen serves the stats on 127.0.0.1 and prints the address to w.
func Listen(w io.Writer) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/stats", func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(rw).Encode(Collect(15))
	})
	mux.HandleFunc("/mark", func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(rw).Encode(markProfile())
	})
	go func() { _ = http.Serve(l, mux) }() //nolint:gosec // loopback, the bench's own
	_, err = fmt.Fprintf(w, "%s%s\n", Banner, l.Addr())
	return err
}

// Collect collects garbage and measures; owners is how many to name.
func Collect(owners int) Stats {
	// Twice, as an idle server does (cmd/piiri/memory.go): the first
	// collection only moves what sync.Pools hold to their victim caches.
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return Stats{Goroutines: runtime.NumGoroutine(), HeapInuse: ms.HeapInuse, Owners: heapOwners(owners), GoroutinesBy: goroutines(2 * owners)}
}

// goroutines counts goroutines by their entry function.
func goroutines(n int) []Owner {
	var recs []runtime.StackRecord
	for {
		k, ok := runtime.GoroutineProfile(recs)
		if ok {
			recs = recs[:k]
			break
		}
		recs = make([]runtime.StackRecord, k+100)
	}
	counts := map[string]int64{}
	for _, r := range recs {
		frames := runtime.CallersFrames(r.Stack())
		last := ""
		for {
			f, more := frames.Next()
			if f.Function != "runtime.goexit" {
				last = f.Function
			}
			if !more {
				break
			}
		}
		counts[last]++
	}
	return top(counts, n)
}

func top(m map[string]int64, n int) []Owner {
	out := make([]Owner, 0, len(m))
	for f, b := range m {
		out = append(out, Owner{Func: f, Bytes: b})
	}
	slices.SortFunc(out, func(a, b Owner) int { return cmp.Or(cmp.Compare(b.Bytes, a.Bytes), cmp.Compare(a.Func, b.Func)) })
	return out[:min(n, len(out))]
}

// heapOwners sums the sampled heap profile by owner, scaled to estimate
// all of the heap as pprof does.
func heapOwners(n int) []Owner {
	var recs []runtime.MemProfileRecord
	for {
		k, ok := runtime.MemProfile(recs, false)
		if ok {
			recs = recs[:k]
			break
		}
		recs = make([]runtime.MemProfileRecord, k+50)
	}
	rate := float64(runtime.MemProfileRate)
	sums := map[string]int64{}
	for _, r := range recs {
		objs, bytes := r.InUseObjects(), r.InUseBytes()
		if objs <= 0 || bytes <= 0 {
			continue
		}
		scale := 1.0
		if rate > 1 {
			avg := float64(bytes) / float64(objs)
			scale = 1 / (1 - math.Exp(-avg/rate))
		}
		sums[owner(r.Stack())] += int64(float64(bytes) * scale)
	}
	return top(sums, n)
}

// generic are packages whose allocations belong to their caller.
var generic = []string{"runtime.", "sync.", "bytes.", "strings.", "strconv.", "fmt.", "slices.", "maps.",
	"bufio.", "io.", "internal/", "reflect.", "unicode/", "encoding/", "errors.", "sort."}

func owner(stack []uintptr) string {
	frames := runtime.CallersFrames(stack)
	first := ""
	for {
		f, more := frames.Next()
		if first == "" {
			first = f.Function
		}
		if !slices.ContainsFunc(generic, func(p string) bool { return strings.HasPrefix(f.Function, p) }) {
			return f.Function
		}
		if !more {
			return first
		}
	}
}
