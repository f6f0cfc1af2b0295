package export

import (
	"math"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"

	"github.com/logscan/logscan/parser"
)

// Columns of [AccessSchema], in order.
const (
	aTime = iota
	aUTCOffset
	aClient
	aIdent
	aUser
	aMethod
	aPath
	aProtocol
	aRequest
	aStatus
	aBytes
	aReferer
	aUserAgent
	aVHost
	aPort
	aRequestID
	aConnection
	aRequestTime
	aUpstreamTime
	aExtra
	aCause
	aFile
	aLine
	accessColumns
)

// Columns of [ErrorSchema], in order.
const (
	eTime = iota
	eLevel
	eModule
	ePID
	eClient
	eCode
	eMessage
	eCause
	eFile
	eLine
	errorColumns
)

// batchRows is how many rows a batch holds before its values are handed to
// the column writers: few enough that the values' bytes (which point into
// the block being read) stay in cache, many enough that the calls per
// column are few.
const batchRows = 512

// rowBatch gathers the values of up to batchRows rows, column by column,
// and writes them to a row group's column writers. Byte-array values point
// into the caller's memory (the block of lines) until [rowBatch.flush], or
// into the batch's arena: text it makes itself (the extra fields as JSON,
// strings whose invalid UTF-8 it replaced).
type rowBatch struct {
	// cols holds the values of each column by row; a cell never set is
	// the zero Value, a null, so a null costs nothing.
	cols [][batchRows]parquet.Value
	// filled tells the columns set in this batch, cleared after flush.
	filled []bool
	rows   int
	// arena holds the text the batch made; it may move while it grows, so
	// the values that point into it are set at flush, from pending.
	arena   []byte
	pending []pendingValue
}

// pendingValue is a value of column col, row row, whose bytes are
// arena[start:end].
type pendingValue struct{ col, row, start, end int }

func newRowBatch(columns int) *rowBatch {
	return &rowBatch{cols: make([][batchRows]parquet.Value, columns), filled: make([]bool, columns)}
}

// str appends an optional string: null when v is nil. Invalid UTF-8, which
// engines refuse in a STRING column, is replaced by U+FFFD, byte by byte,
// as the JSON outputs do.
func (b *rowBatch) str(col int, v []byte) {
	if v == nil {
		b.null(col)
		return
	}
	if !validUTF8(v) {
		start := len(b.arena)
		b.arena = appendValidUTF8(b.arena, v)
		b.later(col, start, 1)
		return
	}
	pv := parquet.ByteArrayValue(v)
	pv.SetDefinitionLevel(1)
	b.put(col, pv)
}

// later appends a placeholder for the text of col from arena[start:] on,
// resolved at flush.
func (b *rowBatch) later(col, start, def int) {
	b.pending = append(b.pending, pendingValue{col: col, row: b.rows, start: start, end: len(b.arena)})
	v := parquet.ByteArrayValue(nil)
	v.SetDefinitionLevel(def)
	b.put(col, v)
}

// validUTF8 is utf8.Valid, with short values (methods, protocols,
// addresses) checked in line: ASCII when no byte has its high bit set.
func validUTF8(v []byte) bool {
	if len(v) <= 16 {
		var or byte
		for _, c := range v {
			or |= c
		}
		if or < utf8.RuneSelf {
			return true
		}
	}
	return utf8.Valid(v)
}

// appendValidUTF8 appends v with each byte of invalid UTF-8 replaced by
// U+FFFD.
func appendValidUTF8(b, v []byte) []byte {
	for len(v) > 0 {
		r, n := utf8.DecodeRune(v)
		if r == utf8.RuneError && n == 1 {
			b = utf8.AppendRune(b, utf8.RuneError)
		} else {
			b = append(b, v[:n]...)
		}
		v = v[n:]
	}
	return b
}

// reqStr appends a required string.
func (b *rowBatch) reqStr(col int, v []byte) {
	if !validUTF8(v) {
		start := len(b.arena)
		b.arena = appendValidUTF8(b.arena, v)
		b.later(col, start, 0)
		return
	}
	b.put(col, parquet.ByteArrayValue(v))
}

// null leaves the current row of an optional column null: its cell holds
// the zero Value already.
func (b *rowBatch) null(int) {}

// put sets the current row of a column.
func (b *rowBatch) put(col int, v parquet.Value) {
	b.filled[col] = true
	b.cols[col][b.rows] = v
}

func (b *rowBatch) optInt64(col int, v int64, ok bool) {
	if !ok {
		b.null(col)
		return
	}
	pv := parquet.Int64Value(v)
	pv.SetDefinitionLevel(1)
	b.put(col, pv)
}

func (b *rowBatch) optInt32(col int, v int32, ok bool) {
	if !ok {
		b.null(col)
		return
	}
	pv := parquet.Int32Value(v)
	pv.SetDefinitionLevel(1)
	b.put(col, pv)
}

func (b *rowBatch) optDouble(col int, v float64, ok bool) {
	if !ok {
		b.null(col)
		return
	}
	pv := parquet.DoubleValue(v)
	pv.SetDefinitionLevel(1)
	b.put(col, pv)
}

// rebuilds reports whether the request line is its method, path and
// protocol joined by single spaces, as in nearly every line: the request
// column then holds null, which coalesce(request, concat_ws(' ', method,
// path, protocol)) turns back into the line, and the file is spared the
// largest of its columns written twice.
func rebuilds(e *parser.Entry) bool {
	r, m, p, pr := e.Request, e.Method, e.Path, e.Protocol
	if r == nil || m == nil || p == nil || pr == nil || len(r) != len(m)+len(p)+len(pr)+2 {
		return false
	}
	return string(r[:len(m)]) == string(m) && r[len(m)] == ' ' &&
		string(r[len(m)+1:len(m)+1+len(p)]) == string(p) && r[len(m)+1+len(p)] == ' ' &&
		string(r[len(r)-len(pr):]) == string(pr)
}

// timeMicros converts Unix nanoseconds to the microseconds of the time
// column, rounding down (towards the past) as engines do.
func timeMicros(ns int64) int64 {
	us := ns / 1e3
	if ns%1e3 < 0 {
		us--
	}
	return us
}

// addAccess appends one access entry read from line of file; cause is its
// cause id or nil.
func (b *rowBatch) addAccess(e *parser.Entry, cause, file []byte, line int64) {
	b.optInt64(aTime, timeMicros(e.Time), e.HasTime)
	b.optInt32(aUTCOffset, e.Offset, e.HasTime && e.HasZone)
	b.str(aClient, e.Client)
	b.str(aIdent, e.Ident)
	b.str(aUser, e.User)
	b.str(aMethod, e.Method)
	b.str(aPath, e.Path)
	b.str(aProtocol, e.Protocol)
	if rebuilds(e) {
		b.null(aRequest)
	} else {
		b.str(aRequest, e.Request)
	}
	b.put(aStatus, parquet.Int32Value(int32(e.Status)))
	b.optDouble(aBytes, float64(e.Bytes), e.Bytes >= 0)
	b.str(aReferer, e.Referer)
	b.str(aUserAgent, e.UserAgent)
	b.str(aVHost, e.VHost)
	b.optInt32(aPort, int32(e.Port), e.Port >= 0 && e.Port <= math.MaxInt32)
	b.str(aRequestID, e.RequestID)
	b.optInt64(aConnection, e.Connection, e.Connection >= 0)
	b.optDouble(aRequestTime, e.RequestTime, e.RequestTime >= 0)
	b.optDouble(aUpstreamTime, e.UpstreamTime, e.UpstreamTime >= 0)
	if len(e.Extra) == 0 {
		b.null(aExtra)
	} else {
		// The extra fields as one JSON object, made in the arena.
		start := len(b.arena)
		b.arena = appendExtraJSON(b.arena, e.Extra)
		b.later(aExtra, start, 1)
	}
	b.str(aCause, cause)
	b.reqStr(aFile, file)
	b.put(aLine, parquet.Int64Value(line))
	b.rows++
}

// addError appends one error-log entry, its time read in loc.
func (b *rowBatch) addError(e *parser.ErrorEntry, loc *time.Location, cause, file []byte, line int64) {
	var t int64
	if e.HasTime {
		t = timeMicros(e.Timestamp(loc).UnixNano())
	}
	b.optInt64(eTime, t, e.HasTime)
	b.str(eLevel, nonEmpty(e.Level))
	b.str(eModule, nonEmpty(e.Module))
	b.optInt64(ePID, e.PID, e.PID >= 0)
	b.str(eClient, e.Client)
	b.str(eCode, e.Code)
	b.str(eMessage, e.Message)
	b.str(eCause, cause)
	b.reqStr(eFile, file)
	b.put(eLine, parquet.Int64Value(line))
	b.rows++
}

func nonEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

// flush writes the batch's rows to the column writers and empties it.
func (b *rowBatch) flush(cols []*parquet.ColumnWriter) error {
	if b.rows == 0 {
		return nil
	}
	for _, p := range b.pending {
		v := parquet.ByteArrayValue(b.arena[p.start:p.end])
		v.SetDefinitionLevel(b.cols[p.col][p.row].DefinitionLevel())
		b.cols[p.col][p.row] = v
	}
	for i := range b.cols {
		vs := b.cols[i][:b.rows]
		if _, err := cols[i].WriteRowValues(vs); err != nil {
			return err
		}
		if b.filled[i] {
			clear(vs) // back to nulls, and no pointer into the caller's memory
			b.filled[i] = false
		}
	}
	b.rows = 0
	b.arena, b.pending = b.arena[:0], b.pending[:0]
	return nil
}

// appendExtraJSON appends the extra fields of an entry as a JSON object of
// strings ({"name":"value",...}; a value logged as "-" is null), with
// invalid UTF-8 written as U+FFFD and control characters escaped.
func appendExtraJSON(b []byte, fields []parser.Field) []byte {
	b = append(b, '{')
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, f.Name)
		b = append(b, ':')
		if f.Value == nil {
			b = append(b, "null"...)
		} else {
			b = appendJSONString(b, string(f.Value))
		}
	}
	return append(b, '}')
}

// appendJSONString appends s as a JSON string (RFC 8259): ", \ and the
// controls below U+0020 escaped, invalid UTF-8 as U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20 || c == 0x7f:
				b = append(b, `\u00`...)
				b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}
