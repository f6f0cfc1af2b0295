package analyze

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/internal/fuzzbudget"
	"github.com/logscan/logscan/parser"
)

// stateOf counts the lines of the 2k-line test log (with request times
// and users added to some) and a few error-log entries into a state.
func stateOf(t testing.TB) *State {
	t.Helper()
	data, err := os.ReadFile("../testdata/parser/combined-2k.log")
	require.NoError(t, err)
	f, ok := parser.LookupFormat("combined")
	require.True(t, ok)
	opts := DefaultOptions()
	opts.Streams = []string{"host/access.log", "host/error.log"}
	p := NewPartial(2, opts)
	var e parser.Entry
	for i, l := range bytes.Split(bytes.TrimSpace(data), []byte{'\n'}) {
		if err := f.Parse(l, &e); err != nil {
			p.Malformed(0, int64(i+1), err, l)
			continue
		}
		if i%3 == 0 {
			e.RequestTime = float64(i%700) / 100
		}
		p.Inputs[0].Lines++
		p.Add(0, int64(i+1), l, &e)
	}
	es := NewErrorStats()
	for i, msg := range []string{"AH00484: server reached MaxRequestWorkers setting", "client denied by server configuration: /var/www/x", "client denied by server configuration: /var/www/y"} {
		ent := parser.ErrorEntry{Level: []byte("error"), Message: []byte(msg)}
		es.Add(&ent, time.Date(2026, 11, 24, 10, i, 0, 0, time.UTC).UnixNano())
	}
	el := &ErrorLogs{Inputs: []Input{{Path: "error.log", Kind: "error", InputStats: InputStats{Lines: 3, Entries: 3}}}, Stats: es}
	meta := []InputMeta{{Path: "access.log", Kind: "access", Format: "combined", Stream: "host/access.log"},
		{Path: "error.log", Kind: "error", Format: "apache-2.4-error", Stream: "host/error.log"}}
	return NewState(meta, p, el, "UTC, for the test")
}

func encoded(t testing.TB, st *State) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, st.Encode(&b))
	return b.Bytes()
}

func TestStateEncodeDecode(t *testing.T) {
	st := stateOf(t)
	want := st.Summary(SummaryOptions{TopN: 20})
	data := encoded(t, st)
	require.True(t, IsState(data))
	got, err := DecodeState(data, DefaultOptions())
	require.NoError(t, err)
	assert.Equal(t, want, got.Summary(SummaryOptions{TopN: 20}))
	// Encoding the decoded state gives the same bytes: nothing is lost.
	assert.Equal(t, data, encoded(t, got))
}

func TestStateMergeAddsUp(t *testing.T) {
	a, b := stateOf(t), stateOf(t)
	one := stateOf(t).Summary(SummaryOptions{})
	m := MergeStates([]*State{a, b}).Summary(SummaryOptions{})
	assert.Equal(t, 2*one.Requests, m.Requests)
	assert.Len(t, m.Inputs, 4)
	for i, c := range one.Codes {
		assert.Equal(t, 2*c.Count, m.Codes[i].Count, "code %d", c.Code)
	}
	assert.Equal(t, 2*one.Errors.Entries, m.Errors.Entries)
}

func TestDecodeStateErrors(t *testing.T) {
	data := encoded(t, stateOf(t))
	flip := bytes.Clone(data)
	flip[headerLen+5] ^= 1
	newer := bytes.Clone(data)
	binary.BigEndian.PutUint16(newer[len(StateMagic):], StateVersion+1)
	older := bytes.Clone(data)
	binary.BigEndian.PutUint16(older[len(StateMagic):], 0)
	tail := append(bytes.Clone(data), 0)
	cases := []struct {
		name string
		data []byte
		want error
		text string
	}{
		{"not a state", []byte("192.0.2.1 - - [24/Nov/2026:10:00:00 +0100] ..."), ErrNotState, ""},
		{"empty", nil, ErrNotState, ""},
		{"header cut", data[:headerLen-1], ErrStateCut, "header"},
		{"body cut", data[:len(data)-1], ErrStateCut, "of"},
		{"bit flipped", flip, ErrStateDamaged, "checksum"},
		{"bytes after the end", tail, ErrStateDamaged, "after the end"},
		{"newer version", newer, ErrStateVersion, "newer logscan"},
		{"older version", older, ErrStateVersion, "reads version 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeState(c.data, DefaultOptions())
			require.Error(t, err)
			assert.True(t, errors.Is(err, c.want), "%v", err)
			assert.Contains(t, err.Error(), c.text)
		})
	}
}

// withBody wraps a raw body into a valid header and compressed body, so
// that fuzzing reaches the field decoder past the checksum.
func withBody(t testing.TB, raw []byte) []byte {
	z, err := zstd.NewWriter(nil)
	require.NoError(t, err)
	body := z.EncodeAll(raw, nil)
	out := append([]byte(StateMagic), 0, StateVersion, 0, 0)
	out = binary.BigEndian.AppendUint64(out, uint64(len(body)))
	out = binary.BigEndian.AppendUint32(out, crc32.Checksum(body, crcTable))
	return append(out, body...)
}

// rawBody returns the decompressed body of an encoded state.
func rawBody(t testing.TB, data []byte) []byte {
	z, err := zstd.NewReader(nil)
	require.NoError(t, err)
	raw, err := z.DecodeAll(data[headerLen:], nil)
	require.NoError(t, err)
	return raw
}

func TestDecodeBodyDamaged(t *testing.T) {
	raw := rawBody(t, encoded(t, stateOf(t)))
	// Every prefix of the body is refused, none crashes.
	for n := 0; n < len(raw); n += 1 + n/50 {
		_, err := DecodeState(withBody(t, raw[:n]), DefaultOptions())
		require.Error(t, err, "prefix of %d bytes", n)
		require.ErrorIs(t, err, ErrStateDamaged)
	}
	_, err := DecodeState(withBody(t, raw), DefaultOptions())
	require.NoError(t, err)
}

// FuzzDecodeState feeds whole files (most fail the checksum) to the
// decoder: it must return a state or an error, never panic.
func FuzzDecodeState(f *testing.F) {
	data := encoded(f, stateOf(f))
	f.Add(data)
	f.Add(data[:headerLen])
	f.Add([]byte(StateMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		st, err := DecodeState(b, DefaultOptions())
		if err == nil {
			st.Summary(SummaryOptions{})
		}
	})
}

// FuzzDecodeStateBody feeds bodies past the checksum and decompression,
// where a damaged or hostile state would reach the field decoder; a body
// that decodes must summarize and encode again without a crash.
func FuzzDecodeStateBody(f *testing.F) {
	raw := rawBody(f, encoded(f, stateOf(f)))
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	f.Fuzz(func(t *testing.T, b []byte) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		st, err := decodeBody(b, DefaultOptions())
		if err != nil {
			return
		}
		st.Summary(SummaryOptions{})
		var out bytes.Buffer
		if err := st.Encode(&out); err != nil {
			t.Fatal(err)
		}
	})
}
