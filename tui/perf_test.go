package tui

import (
	"context"
	"io"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
)

// The module carries a patched bubbletea and ultraviolet (third_party/,
// README "Performance"). Losing the replace directives would quietly
// bring back several times the memory per session and the idle CPU.
func TestPatchedDependenciesAreUsed(t *testing.T) {
	if !tea.RendersOnChange { // does not compile against upstream bubbletea
		t.Fatal("bubbletea without the patch")
	}
	_ = uv.SharedKeyTables() // nor this against upstream ultraviolet
	for _, f := range []struct {
		fn  any
		dir string
	}{{tea.NewProgram, "third_party/bubbletea/"}, {uv.NewTerminalReader, "third_party/ultraviolet/"}} {
		fn := runtime.FuncForPC(reflect.ValueOf(f.fn).Pointer())
		file, _ := fn.FileLine(fn.Entry())
		if !strings.Contains(filepath.ToSlash(file), f.dir) {
			t.Errorf("%s is built from %s, not from %s", fn.Name(), file, f.dir)
		}
	}
}

// An idle program keeps neither of the stock renderer's two cell buffers
// (about 110 bytes a cell each, 660 KiB at 100×30) nor its own input key
// table (about 130 KiB): what it holds at rest is a small part of that.
func TestIdleProgramHoldsLittleMemory(t *testing.T) {
	const programs = 40
	const perProgramLimit = 250 << 10
	heap := func() uint64 {
		runtime.GC()
		runtime.GC() // the second empties the pools' victim caches
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapInuse
	}
	before := heap()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	var drawn sync.WaitGroup
	progs := make([]*tea.Program, programs)
	inputs := make([]*io.PipeWriter, programs)
	for i := range programs {
		pr, pw := io.Pipe()
		inputs[i] = pw
		w := &firstWrite{}
		drawn.Add(1)
		w.done = drawn.Done
		progs[i] = tea.NewProgram(screenful{}, tea.WithContext(ctx), tea.WithInput(pr), tea.WithOutput(w),
			tea.WithWindowSize(100, 30), tea.WithoutSignalHandler(), tea.WithEnvironment([]string{"TERM=xterm-256color"}))
		wg.Go(func() { _, _ = progs[i].Run() })
	}
	waitGroup(t, &drawn, 30*time.Second, "every program to draw")
	held := int64(heap()) - int64(before)
	for i := range programs {
		progs[i].Kill()
		_ = inputs[i].Close()
	}
	wg.Wait()
	if per := held / programs; per > perProgramLimit {
		t.Fatalf("an idle program holds %d KiB, want at most %d KiB", per>>10, perProgramLimit>>10)
	}
}

// screenful is a model whose view fills a 100×30 alternate screen with
// styled text.
type screenful struct{}

func (screenful) Init() tea.Cmd                         { return nil }
func (s screenful) Update(tea.Msg) (tea.Model, tea.Cmd) { return s, nil }
func (screenful) View() tea.View {
	var b strings.Builder
	for y := range 30 {
		b.WriteString("\x1b[1;34m")
		b.WriteString(strings.Repeat(string(rune('a'+y%26)), 50))
		b.WriteString("\x1b[0m ")
		b.WriteString(strings.Repeat("ä", 48))
		if y < 29 {
			b.WriteString("\n")
		}
	}
	v := tea.NewView(b.String())
	v.AltScreen = true
	return v
}

// firstWrite calls done once, at the first write of the view's text.
type firstWrite struct {
	once sync.Once
	done func()
}

func (f *firstWrite) Write(p []byte) (int, error) {
	if strings.Contains(string(p), "ää") {
		f.once.Do(f.done)
	}
	return len(p), nil
}

func waitGroup(t *testing.T, wg *sync.WaitGroup, timeout time.Duration, what string) {
	t.Helper()
	ch := make(chan struct{})
	go func() { wg.Wait(); close(ch) }()
	select {
	case <-ch:
	case <-time.After(timeout):
		t.Fatalf("timed out waiting for %s", what)
	}
}
