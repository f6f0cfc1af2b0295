package history

import (
	"bytes"
	"cmp"
	"io/fs"

	"time"
)

// File is what the database knows of one file read: where it was last
// seen, its identity (device, inode, size on disk, whether it is gzip, and
// the fingerprint of its first bytes, decompressed) and how far it was read.
type File struct {
	ID         int64
	Source     string
	Path       string
	Kind       string
	Dev, Ino   uint64
	Size       int64 // on disk: compressed size for gzip
	Compressed bool
	HeadLen    int    // bytes the fingerprint covers
	HeadHash   []byte // SHA-256 of the first HeadLen bytes of the content
	Offset     int64  // bytes of the content read, whole lines only
	NextLine   int64  // the number of the next line to read
	Complete   bool   // a gzip file read to its end: nothing more can come
	Seen       int64  // Unix seconds of the last run that saw it
}

// Files returns what the database knows of the files of source.
func (d *DB) Files(source string) ([]File, error) {
	rows, err := d.tx.Query(`SELECT id, source, path, kind, device, inode, size, compressed, head_len, head_hash, offset, next_line, complete, seen
		FROM files WHERE source = ? ORDER BY id`, source)
	if err != nil {
		return nil, d.wrap(err)
	}
	defer rows.Close()
	var out []File
	for rows.Next() {
		var f File
		var dev, ino int64
		if err := rows.Scan(&f.ID, &f.Source, &f.Path, &f.Kind, &dev, &ino, &f.Size, &f.Compressed, &f.HeadLen, &f.HeadHash, &f.Offset, &f.NextLine, &f.Complete, &f.Seen); err != nil {
			return nil, d.wrap(err)
		}
		f.Dev, f.Ino = uint64(dev), uint64(ino)
		out = append(out, f)
	}
	return out, d.wrap(rows.Err())
}

// Probe is a file about to be read: its name, what stat said, whether it is
// gzip, and the start of its content (decompressed).
type Probe struct {
	Path       string
	Info       fs.FileInfo
	Compressed bool
	Head       []byte
}

// Action says what a run does with a file.
type Action int

// The actions of a [Plan].
const (
	// Read the file from its start: it is new (or was truncated).
	Read Action = iota
	// Resume reading where an earlier run stopped.
	Resume
	// Skip the file: nothing in it is new.
	Skip
)

// Plan is what a run does with one file.
type Plan struct {
	Action   Action
	Offset   int64 // where reading starts (Resume)
	NextLine int64 // the number of the first line read
	// Known is the row the file was recognised as (nil for a new file).
	Known *File
	// Why says it in words: "new", "grown since the last run",
	// "unchanged", "truncated (copytruncate): read again from the start",
	// "the compressed form of a file read before", "the same file as ...".
	Why string
}

// Match decides, for each file about to be read, whether it is new, was
// read in part before (it continues where that run stopped, under whatever
// name rotation gave it, plain or compressed), or has nothing new. A file is
// recognised by the fingerprint of its first bytes: the longest stored
// fingerprint that its head matches wins, the row of the same device and
// inode on a tie, then the one read furthest. Two names of one file, or two
// files of one content (a log and its compressed copy, while logrotate
// compresses it), are read once: the first that the same inode continues,
// else the plain one, else the first given.
func Match(known []File, probes []Probe) []Plan {
	plans := make([]Plan, len(probes))
	claimed := map[int64]int{} // row id → probe
	inodes := map[[2]uint64]int{}
	for i, p := range probes {
		dev, ino, hasID := fileID(p.Info)
		if hasID {
			if j, ok := inodes[[2]uint64{dev, ino}]; ok {
				plans[i] = Plan{Action: Skip, Why: "the same file as " + probes[j].Path}
				continue
			}
			inodes[[2]uint64{dev, ino}] = i
		}
		row := bestMatch(known, p, dev, ino, hasID)
		if row == nil {
			plans[i] = Plan{Action: Read, NextLine: 1, Why: "new"}
			continue
		}
		if j, ok := claimed[row.ID]; ok {
			// Two files of one content: keep the better one.
			if better(p, probes[j], row, dev, ino) {
				plans[j] = Plan{Action: Skip, Why: "the same content as " + p.Path}
				claimed[row.ID] = i
			} else {
				plans[i] = Plan{Action: Skip, Why: "the same content as " + probes[j].Path}
				continue
			}
		} else {
			claimed[row.ID] = i
		}
		plans[i] = planFor(row, p, dev, ino, hasID)
	}
	return plans
}

// bestMatch returns the stored file whose fingerprint the head of p
// matches, nil when none does.
func bestMatch(known []File, p Probe, dev, ino uint64, hasID bool) *File {
	var best *File
	hashes := map[int][]byte{}
	for i := range known {
		k := &known[i]
		if k.HeadLen <= 0 || k.HeadLen > len(p.Head) {
			continue
		}
		h, ok := hashes[k.HeadLen]
		if !ok {
			h = hash(p.Head[:k.HeadLen])
			hashes[k.HeadLen] = h
		}
		if !bytes.Equal(h, k.HeadHash) {
			continue
		}
		if best == nil || rank(k, dev, ino, hasID, best) > 0 {
			best = k
		}
	}
	return best
}

// rank compares two matching rows: the longer fingerprint, then the same
// inode, then the one read further, then the later row.
func rank(a *File, dev, ino uint64, hasID bool, b *File) int {
	if c := cmp.Compare(a.HeadLen, b.HeadLen); c != 0 {
		return c
	}
	same := func(f *File) int {
		if hasID && f.Dev == dev && f.Ino == ino {
			return 1
		}
		return 0
	}
	if c := cmp.Compare(same(a), same(b)); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Offset, b.Offset); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// better reports whether p rather than q should read the content of row.
func better(p, q Probe, row *File, dev, ino uint64) bool {
	qdev, qino, qok := fileID(q.Info)
	pSame := row.Dev == dev && row.Ino == ino
	qSame := qok && row.Dev == qdev && row.Ino == qino
	if pSame != qSame {
		return pSame
	}
	if p.Compressed != q.Compressed {
		return !p.Compressed
	}
	return false
}

func planFor(row *File, p Probe, dev, ino uint64, hasID bool) Plan {
	sameFile := hasID && row.Dev == dev && row.Ino == ino
	size := p.Info.Size()
	switch {
	case p.Compressed && row.Complete && sameFile && row.Size == size:
		return Plan{Action: Skip, Known: row, Why: "unchanged"}
	case !p.Compressed && size < row.Offset:
		return Plan{Action: Read, NextLine: 1, Known: row, Why: "truncated (copytruncate): read again from the start"}
	case !p.Compressed && size == row.Offset:
		return Plan{Action: Skip, Known: row, Why: "unchanged"}
	case p.Compressed && !row.Compressed:
		return Plan{Action: Resume, Offset: row.Offset, NextLine: row.NextLine, Known: row, Why: "the compressed form of " + row.Path}
	case !sameFile:
		return Plan{Action: Resume, Offset: row.Offset, NextLine: row.NextLine, Known: row, Why: "renamed from " + row.Path}
	}
	return Plan{Action: Resume, Offset: row.Offset, NextLine: row.NextLine, Known: row, Why: "grown since the last run"}
}

// Reached is where a run stopped reading a file.
type Reached struct {
	Offset   int64 // bytes of the content read, whole lines only
	NextLine int64
	// AtEnd: the file was read to its end (for gzip: nothing more can come).
	AtEnd bool
}

// SaveFile records how far the run read the file p, planned as plan, with
// the start of its content head: the row it was recognised as is updated
// (it now has p's name and inode), or a new row is made. A file of which
// nothing was read is not recorded: the next run reads it from its start.
func (d *DB) SaveFile(source, kind string, p Probe, plan Plan, r Reached, now time.Time) error {
	n := int(min(int64(HeadLen), r.Offset, int64(len(p.Head))))
	if n <= 0 {
		return nil
	}
	dev, ino, _ := fileID(p.Info)
	f := File{Source: source, Path: p.Path, Kind: kind, Dev: dev, Ino: ino, Size: p.Info.Size(), Compressed: p.Compressed,
		HeadLen: n, HeadHash: hash(p.Head[:n]), Offset: r.Offset, NextLine: r.NextLine, Complete: p.Compressed && r.AtEnd, Seen: now.Unix()}
	if plan.Known != nil && plan.Action != Read {
		f.ID = plan.Known.ID
		if f.HeadLen < plan.Known.HeadLen {
			f.HeadLen, f.HeadHash = plan.Known.HeadLen, plan.Known.HeadHash
		}
		_, err := d.tx.Exec(`UPDATE files SET path = ?, kind = ?, device = ?, inode = ?, size = ?, compressed = ?, head_len = ?, head_hash = ?,
			offset = ?, next_line = ?, complete = ?, seen = ? WHERE id = ?`,
			f.Path, f.Kind, int64(f.Dev), int64(f.Ino), f.Size, f.Compressed, f.HeadLen, f.HeadHash, f.Offset, f.NextLine, f.Complete, f.Seen, f.ID)
		return d.wrap(err)
	}
	_, err := d.tx.Exec(`INSERT INTO files (source, path, kind, device, inode, size, compressed, head_len, head_hash, offset, next_line, complete, seen)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.Source, f.Path, f.Kind, int64(f.Dev), int64(f.Ino), f.Size, f.Compressed, f.HeadLen, f.HeadHash, f.Offset, f.NextLine, f.Complete, f.Seen)
	return d.wrap(err)
}

// Touch records that a run saw a file it had nothing new to read from
// (under its current name and inode).
func (d *DB) Touch(p Probe, plan Plan, now time.Time) error {
	if plan.Known == nil {
		return nil
	}
	dev, ino, _ := fileID(p.Info)
	_, err := d.tx.Exec(`UPDATE files SET path = ?, device = ?, inode = ?, size = ?, seen = ? WHERE id = ?`,
		p.Path, int64(dev), int64(ino), p.Info.Size(), now.Unix(), plan.Known.ID)
	return d.wrap(err)
}
