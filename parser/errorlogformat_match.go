package parser

import (
	"bytes"
)

// This file matches error-log lines against a compiled ErrorLogFormat
// (errorlogformat.go): the fixed-width items first, then the free text
// between them, backtracking over where each free item ends.

// Name implements [ErrorFormat]; it returns "custom".
func (f *CustomErrorFormat) Name() string { return NameCustomError }

// String returns the ErrorLogFormat string f was compiled from.
func (f *CustomErrorFormat) String() string { return f.src }

// Clone implements [ErrorFormat].
func (f *CustomErrorFormat) Clone() ErrorFormat {
	c := *f
	c.spans = make([]elSpan, len(f.spans))
	c.nums = make([]int64, len(f.nums))
	c.present = make([]bool, len(f.present))
	return &c
}

// Parse implements [ErrorFormat].
func (f *CustomErrorFormat) Parse(line []byte, e *ErrorEntry) error {
	line, err := startErrorLine(line, e)
	if err == nil {
		if err = f.parseAt(line, 0, e); err == ErrNotErrorLine {
			if e.Reset(); elApacheStartup(line, 0, e) {
				return nil
			}
			err = retrySyslog(line, e, err, func(p int) error { return f.parseAt(line, p, e) })
		}
	}
	return err
}

// parseAt matches the format against line[p:] and fills e. It first walks
// the fields once without backtracking (greedy), which settles most
// lines, and runs the backtracking matcher (nextField) only when that walk
// fails after a choice the backtracking matcher could revise.
func (f *CustomErrorFormat) parseAt(line []byte, p int, e *ErrorEntry) error {
	f.steps = 0
	ok, retry := false, true
	if !f.dfsOnly && f.lean && !f.noFill {
		if ok, retry = f.greedy(line, p, e); ok {
			return nil
		}
		e.Reset()
	} else if !f.dfsOnly {
		ok, retry = f.greedy(line, p, nil)
	}
	if !ok && retry {
		f.steps = 0
		ok = f.nextField(line, 0, p)
	}
	if ok {
		f.apply(line, e)
		return nil
	}
	if !f.head(line, p) {
		return ErrNotErrorLine
	}
	return elFail(e, p, ErrLiteral)
}

// head reports whether line[p:] starts like an entry: the leading literals
// and fixed-shape items of the first field match.
func (f *CustomErrorFormat) head(line []byte, p int) bool {
	fd := f.fields[0]
	for ii := fd.first; ii < fd.end; ii++ {
		it := &f.items[ii]
		if it.kind == elkLit {
			if !bytes.HasPrefix(line[p:], it.lit) {
				return false
			}
			p += len(it.lit)
			continue
		}
		if it.free {
			return true // free text: the fixed head matched
		}
		n, _ := f.scanItem(it, line[p:])
		if n < 0 {
			return false
		}
		p += n
	}
	return true
}

// matchField matches the items of field fi from line[pos:] up to the
// field's stop (a free-text item that ends the field is left to the
// caller). It records their spans and returns the position after them.
func (f *CustomErrorFormat) matchField(line []byte, fi, pos int) (int, bool) {
	fd := &f.fields[fi]
	for ii := fd.first; ii < fd.stop; ii++ {
		it := &f.items[ii]
		if it.kind == elkLit { // no span: nothing reads it
			n := len(it.lit)
			if len(line)-pos < n || !elHasLit(line[pos:], it) {
				return 0, false
			}
			pos += n
			continue
		}
		if !it.free {
			n, v := f.scanItem(it, line[pos:])
			if n < 0 {
				return 0, false
			}
			f.spans[ii] = elSpan{pos, pos + n}
			f.nums[ii] = v
			pos += n
			continue
		}
		// Free text inside the field: it ends at the next literal, or at
		// the next space when an item follows.
		end, ok := f.freeEnd(line, ii, pos)
		if !ok {
			return 0, false
		}
		f.spans[ii] = elSpan{pos, end}
		pos = end
	}
	return pos, true
}

// elHasLit reports whether b, at least as long as the literal item it,
// starts with it: one 8-byte compare when b holds 8 bytes and the literal
// no more.
func elHasLit(b []byte, it *elItem) bool {
	if len(b) >= 8 {
		if load64(b)&it.litMask != it.litWord {
			return false
		}
		return len(it.lit) <= 8 || string(b[8:len(it.lit)]) == string(it.lit[8:])
	}
	return string(b[:len(it.lit)]) == string(it.lit)
}

// greedy matches the fields from line[pos:] in one pass: it takes an
// optional field whenever its items match, and ends a free-text tail at the
// first place where the next field's items match. These are the first
// choices nextField tries, so when the pass matches the whole line (ok) it
// leaves the spans and present flags that nextField would. When it fails,
// retry tells whether nextField might still match, because the pass took
// a choice that nextField would revise (or ran out of steps).
//
// With e, for formats whose items fill distinct entry fields (f.lean), it
// also fills e as it goes, so that apply need not run: a field's values are
// set once its items match and cleared again when a later item of the
// field fails, so on success e holds what apply would set; on failure e is
// left partly filled, and the caller resets it.
func (f *CustomErrorFormat) greedy(line []byte, pos int, e *ErrorEntry) (ok, retry bool) {
	for fi := 0; fi < len(f.fields); fi++ {
		fd := &f.fields[fi]
		if f.steps++; f.steps > elMaxSteps {
			return false, true
		}
		var p int
		var matched bool
		if e == nil {
			p, matched = f.matchField(line, fi, pos)
		} else {
			p, matched = f.fillField(line, fi, pos, e)
		}
		f.present[fi] = matched
		if !matched {
			if !fd.optional {
				return false, retry
			}
			continue
		}
		retry = retry || fd.optional
		pos = p
		for f.fields[fi].tail {
			var more bool
			fi, pos, matched, more = f.greedyTail(line, fi, pos, e)
			retry = retry || more
			if !matched {
				return false, retry || f.steps > elMaxSteps
			}
			if fi == len(f.fields) {
				return true, retry
			}
		}
	}
	return pos == len(line), retry
}

// field is matchField, or with e fillField.
func (f *CustomErrorFormat) field(line []byte, fi, pos int, e *ErrorEntry) (int, bool) {
	if e == nil {
		return f.matchField(line, fi, pos)
	}
	return f.fillField(line, fi, pos, e)
}

// greedyTail ends the free-text item that ends field fi, which starts at
// pos, as freeTail does, but takes the first end after which the items of
// the next present field j match, without matching further. It returns j
// (len(f.fields) when the item runs to the end of the line) and the
// position after the items of field j; more tells that it took an end
// that freeTail might revise. With e it also sets the item's value.
func (f *CustomErrorFormat) greedyTail(line []byte, fi, pos int, e *ErrorEntry) (j, p int, ok, more bool) {
	ii := f.fields[fi].end - 1
	it := &f.items[ii]
	for j = fi + 1; ; j++ {
		if j == len(f.fields) {
			if !elFreeOK(it, line[pos:]) {
				return 0, 0, false, false
			}
			f.endTail(line, ii, fi, j, pos, len(line), e)
			return j, len(line), true, false
		}
		if first := &f.items[f.fields[j].first]; first.kind == elkLit {
			for ends := (tailEnds{line: line, lit: first.lit, it: it, pos: pos, k: pos}); ; {
				end, ok := ends.next()
				if !ok {
					break
				}
				if f.steps++; f.steps > elMaxSteps {
					return 0, 0, false, true
				}
				if p, ok := f.field(line, j, end, e); ok {
					f.endTail(line, ii, fi, j, pos, end, e)
					f.present[j] = true
					return j, p, true, true
				}
			}
		}
		if !f.fields[j].optional {
			return 0, 0, false, false
		}
	}
}

// tailEnds walks the places where a free-text item that starts at pos may
// end: before each of the first eight occurrences of lit, the literal the
// next field starts with, where the text before it suits the item.
type tailEnds struct {
	line, lit   []byte
	it          *elItem
	pos, k, try int
}

// next returns the next such end, or false when there is none.
func (t *tailEnds) next() (int, bool) {
	for ; t.try < 8 && t.k <= len(t.line); t.try++ {
		idx := bytes.Index(t.line[t.k:], t.lit)
		if idx < 0 {
			break
		}
		end := t.k + idx
		t.k = end + 1
		if elFreeOK(t.it, t.line[t.pos:end]) {
			t.try++
			return end, true
		}
	}
	t.try = 8
	return 0, false
}

// endTail records that the free-text item ii, which ends field fi, spans
// line[pos:end] and that the fields between fi and j are absent; with e it
// also sets the item's value.
func (f *CustomErrorFormat) endTail(line []byte, ii, fi, j, pos, end int, e *ErrorEntry) {
	f.spans[ii] = elSpan{pos, end}
	for m := fi + 1; m < j; m++ {
		f.present[m] = false
	}
	if e != nil {
		f.fill(e, &f.items[ii], line[pos:end], 0)
	}
}

// fill sets the entry field of the value item it, as apply does.
func (f *CustomErrorFormat) fill(e *ErrorEntry, it *elItem, v []byte, num int64) {
	var peer []byte
	elSet(e, it, v, num, &peer)
	if peer != nil {
		e.Client, e.ClientPort = elSplitAddr(peer, true)
	}
}

// fillField is matchField for greedy with an entry, run on the steps of the field
// (elOp): it sets the values of the items it matches, and clears them
// again when the field does not match.
func (f *CustomErrorFormat) fillField(line []byte, fi, pos int, e *ErrorEntry) (int, bool) {
	ops := f.fields[fi].ops
	for k := 0; k < len(ops); k++ {
		op := &ops[k]
		if n := len(op.lit); n > 0 {
			if pos+8 <= len(line) {
				if load64(line[pos:])&op.mask != op.word ||
					n > 8 && (pos+n > len(line) || string(line[pos+8:pos+n]) != string(op.lit[8:])) {
					return f.unfill(e, ops[:k])
				}
			} else if pos+n > len(line) || string(line[pos:pos+n]) != string(op.lit) {
				return f.unfill(e, ops[:k])
			}
			pos += n
		}
		if op.kind == elkLit {
			continue
		}
		if op.free {
			end, ok := f.freeEnd(line, op.item, pos)
			if !ok {
				return f.unfill(e, ops[:k])
			}
			f.fill(e, &f.items[op.item], line[pos:end], 0)
			pos = end
			continue
		}
		n := f.fillFixed(line, pos, op, e)
		if n < 0 {
			return f.unfill(e, ops[:k])
		}
		pos += n
	}
	return pos, true
}

// fillFixed matches the fixed-shape value item of op at line[pos:], sets
// its entry field, and returns its length, or -1 when it does not match.
func (f *CustomErrorFormat) fillFixed(line []byte, pos int, op *elOp, e *ErrorEntry) int {
	b := line[pos:]
	if op.hyphen && len(b) > 0 && b[0] == '-' && (len(b) == 1 || !isDigit(b[1]) && !elHostByte(b[1])) {
		return 1 // "-": absent
	}
	switch op.kind {
	case elkPID, elkTID, elkKeepAlive:
		v, n := leadingNumber(b)
		if n == 0 || n > 18 {
			return -1
		}
		if op.kind == elkPID {
			e.PID = v
		} else if op.kind == elkTID {
			e.TID = v
		}
		return n
	case elkLevel:
		n := levelLen(b)
		if n < 0 {
			return -1
		}
		e.Level = b[:n]
		return n
	case elkModule:
		n := 0
		for n < len(b) && elHostByte(b[n]) {
			n++
		}
		if n == 0 {
			return -1
		}
		e.Module = b[:n]
		return n
	}
	it := &f.items[op.item]
	if op.kind == elkTime && !it.compact {
		t, n, ok := f.ctime.parse(b, it.usec)
		if !ok || (n == 31) != it.usec {
			return -1
		}
		e.Time, e.HasTime = t, true
		return n
	}
	n, v := f.scanItem(it, b)
	if n < 0 {
		return -1
	}
	if op.kind == elkTime {
		e.Time, e.HasTime = v, true
	}
	return n
}

// freeEnd ends the free-text item ii, which starts at pos and is not the
// last of its field: at the next literal, or at the next space when an item
// follows. Only %M may be empty, and an errno starts with '(' (or is "-"):
// elFreeOK would say no, so those are refused before searching.
func (f *CustomErrorFormat) freeEnd(line []byte, ii, pos int) (int, bool) {
	it := &f.items[ii]
	if it.kind != elkMessage {
		if pos >= len(line) {
			return 0, false
		}
		if it.kind == elkErrno && line[pos] != '(' && (!it.hyphen || line[pos] != '-') {
			return 0, false
		}
	}
	end := len(line)
	if next := &f.items[ii+1]; next.kind == elkLit {
		j := bytes.Index(line[pos:], next.lit)
		if j < 0 {
			return 0, false
		}
		end = pos + j
	} else if j := bytes.IndexByte(line[pos:], ' '); j >= 0 {
		end = pos + j
	}
	return end, elFreeOK(it, line[pos:end])
}

// unfill clears the entry fields of the value items of ops, which
// fillField set before the step after them failed, and reports the
// failure.
func (f *CustomErrorFormat) unfill(e *ErrorEntry, ops []elOp) (int, bool) {
	if len(ops) == 0 {
		return 0, false
	}
	for k := range ops {
		if ops[k].kind != elkLit {
			elUnset(e, &f.items[ops[k].item])
		}
	}
	return 0, false
}

// nextField matches fields fi and on from line[pos:], trying each optional
// field present first.
func (f *CustomErrorFormat) nextField(line []byte, fi, pos int) bool {
	if fi == len(f.fields) {
		return pos == len(line)
	}
	f.present[fi] = true
	if f.matchFrom(line, fi, pos) {
		return true
	}
	if f.fields[fi].optional {
		f.present[fi] = false
		return f.nextField(line, fi+1, pos)
	}
	return false
}

// matchFrom matches field fi, then the following fields.
func (f *CustomErrorFormat) matchFrom(line []byte, fi, pos int) bool {
	if f.steps++; f.steps > elMaxSteps {
		return false
	}
	pos, ok := f.matchField(line, fi, pos)
	if !ok {
		return false
	}
	if f.fields[fi].tail {
		return f.freeTail(line, fi, pos)
	}
	return f.nextField(line, fi+1, pos)
}

// freeTail matches the free-text item that ends field fi: it ends where
// the first literal of the next present field begins, or at the end of the
// line when all later fields are absent.
func (f *CustomErrorFormat) freeTail(line []byte, fi, pos int) bool {
	ii := f.fields[fi].end - 1
	it := &f.items[ii]
	for j := fi + 1; ; j++ {
		if j == len(f.fields) {
			if !elFreeOK(it, line[pos:]) {
				return false
			}
			f.endTail(line, ii, fi, j, pos, len(line), nil)
			return true
		}
		if first := &f.items[f.fields[j].first]; first.kind == elkLit {
			for ends := (tailEnds{line: line, lit: first.lit, it: it, pos: pos, k: pos}); ; {
				end, ok := ends.next()
				if !ok {
					break
				}
				f.endTail(line, ii, fi, j, pos, end, nil)
				f.present[j] = true
				if f.matchFrom(line, j, end) {
					return true
				}
			}
		}
		if !f.fields[j].optional {
			return false
		}
	}
}

// scanItem matches a fixed-shape item at the start of b and returns its
// length and the time or number it holds, or -1 when it does not match. A
// "-" written for an absent value (the "-" flag) has length 1.
func (f *CustomErrorFormat) scanItem(it *elItem, b []byte) (int, int64) {
	if it.hyphen && len(b) > 0 && b[0] == '-' && (len(b) == 1 || !isDigit(b[1]) && !elHostByte(b[1])) {
		switch it.kind {
		case elkTime, elkLevel, elkModule, elkPID, elkTID, elkKeepAlive:
			return 1, 0
		}
	}
	switch it.kind {
	case elkTime:
		var t int64
		var n int
		var ok bool
		if it.compact {
			t, n, ok = f.iso.parse(b, '-', it.usec)
		} else {
			t, n, ok = f.ctime.parse(b, it.usec)
			ok = ok && (n == 31) == it.usec
		}
		if !ok {
			return -1, 0
		}
		return n, t
	case elkLevel:
		n := levelLen(b)
		if n < 0 {
			return -1, 0
		}
		return n, 0
	case elkModule:
		n := 0
		for n < len(b) && elHostByte(b[n]) {
			n++
		}
		if n == 0 {
			return -1, 0
		}
		return n, 0
	case elkPID, elkTID, elkKeepAlive:
		v, n := leadingNumber(b)
		if n == 0 || n > 18 {
			return -1, 0
		}
		return n, v
	}
	return -1, 0
}

// elFreeOK reports whether v is a valid value for the free-text item it.
func elFreeOK(it *elItem, v []byte) bool {
	if it.kind == elkMessage {
		return true
	}
	if len(v) == 0 {
		return false
	}
	if it.hyphen && len(v) == 1 && v[0] == '-' {
		return true
	}
	switch it.kind {
	case elkErrno:
		return v[0] == '(' && bytes.IndexByte(v, ')') > 1
	case elkFile:
		if v[len(v)-1] != ')' {
			return false
		}
		o := bytes.LastIndexByte(v, '(')
		return o > 0 && o+2 < len(v) && leadingDigits(v[o+1:]) == len(v)-o-2
	case elkClient, elkPeer, elkLocal, elkLogID, elkConnLogID, elkVHost, elkServerName:
		return bytes.IndexByte(v, ' ') < 0
	}
	return true
}

// apply sets e from the spans of the present fields.
func (f *CustomErrorFormat) apply(line []byte, e *ErrorEntry) {
	var peer []byte
	for _, ii := range f.values {
		it := &f.items[ii]
		if !f.present[it.field] {
			continue
		}
		sp := f.spans[ii]
		elSet(e, it, line[sp.start:sp.end], f.nums[ii], &peer)
	}
	if e.Client == nil && peer != nil {
		e.Client, e.ClientPort = elSplitAddr(peer, true)
	}
}

// elSet sets the entry field of the value item it from its value v and
// the time or number num its scan read; a %{c}a value goes to peer.
func elSet(e *ErrorEntry, it *elItem, v []byte, num int64, peer *[]byte) {
	if it.kind != elkMessage && it.hyphen && len(v) == 1 && v[0] == '-' {
		return
	}
	switch it.kind {
	case elkTime:
		e.Time, e.HasTime = num, true
	case elkLevel:
		e.Level = v
	case elkModule:
		e.Module = v
	case elkPID:
		e.PID = num
	case elkTID:
		e.TID = num
	case elkFile:
		e.Source = v
	case elkErrno:
		e.Errno = v
		q := 1
		if bytes.HasPrefix(v[1:], []byte("OS ")) {
			q = 4
		} else if bytes.HasPrefix(v[1:], []byte("EAI ")) {
			q = 5
		}
		if n, ok := atoi(v[q : q+leadingDigits(v[q:])]); ok && n < 1<<31 {
			e.ErrnoNum = int(n)
		}
	case elkClient:
		e.Client, e.ClientPort = elSplitAddr(v, true)
	case elkPeer:
		*peer = v
	case elkMessage:
		if elCode(v) {
			e.Code = v[:7]
			v = v[9:]
		}
		e.Message = v
	case elkLogID:
		e.LogID = v
	case elkVHost, elkServerName:
		if e.Server == nil {
			e.Server = v
		}
	case elkHeader:
		switch it.header {
		case elhReferer:
			e.Referer = v
		case elhHost:
			e.Host = v
		}
	}
}

// elUnset clears the entry field that the value item it fills, as
// ErrorEntry.Reset leaves it.
func elUnset(e *ErrorEntry, it *elItem) {
	switch it.kind {
	case elkTime:
		e.Time, e.HasTime = 0, false
	case elkLevel:
		e.Level = nil
	case elkModule:
		e.Module = nil
	case elkPID:
		e.PID = -1
	case elkTID:
		e.TID = -1
	case elkFile:
		e.Source = nil
	case elkErrno:
		e.Errno, e.ErrnoNum = nil, -1
	case elkClient, elkPeer:
		e.Client, e.ClientPort = nil, -1
	case elkMessage:
		e.Code, e.Message = nil, nil
	case elkLogID:
		e.LogID = nil
	case elkVHost, elkServerName:
		e.Server = nil
	case elkHeader:
		switch it.header {
		case elhReferer:
			e.Referer = nil
		case elhHost:
			e.Host = nil
		}
	}
}

// levelLen returns the length of the log level, trace1–trace8 included,
// that b starts with, or -1.
func levelLen(b []byte) int {
	n := 0
	for n < len(b) && b[n] >= 'a' && b[n] <= 'z' {
		n++
	}
	if n < len(b) && b[n] >= '1' && b[n] <= '8' {
		n++
	}
	if !elLevel(b[:n], true) {
		return -1
	}
	return n
}
