package parser

func digits2(b []byte, i int) (int, bool) {
	c0, c1 := b[i]-'0', b[i+1]-'0'
	if c0 > 9 || c1 > 9 {
		return 0, false
	}
	return int(c0)*10 + int(c1), true
}

// parseCLFTime parses the inside of a CLF timestamp, "10/Oct/2000:13:55:36
// -0700", with optional fractional seconds after the seconds and an optional
// offset. It returns Unix nanoseconds (of the wall clock as if UTC when the
// offset is missing), the offset in seconds and whether one was present.
func parseCLFTime(b []byte) (unixNano int64, offset int32, hasZone, ok bool) {
	// dd/Mon/yyyy:hh:mm:ss = 20 bytes
	if len(b) < 20 || b[2] != '/' || b[6] != '/' || b[11] != ':' || b[14] != ':' || b[17] != ':' {
		return 0, 0, false, false
	}
	day, ok1 := digits2(b, 0)
	mon := monthNum(b[3], b[4], b[5])
	y1, ok2 := digits2(b, 7)
	y2, ok3 := digits2(b, 9)
	hh, ok4 := digits2(b, 12)
	mm, ok5 := digits2(b, 15)
	ss, ok6 := digits2(b, 18)
	year := y1*100 + y2
	// Years outside minYear–maxYear do not fit in Unix nanoseconds.
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mon == 0 || day < 1 || day > daysIn(year, mon) || hh > 23 || mm > 59 || ss > 60 ||
		year < minYear || year > maxYear {
		return 0, 0, false, false
	}
	secs := civilDays(year, mon, day)*86400 + int64(hh*3600+mm*60+ss)
	var nanos int64
	rest := b[20:]
	if len(rest) > 0 && (rest[0] == '.' || rest[0] == ',') {
		i := 1
		scale := int64(100000000)
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			nanos += int64(rest[i]-'0') * scale
			scale /= 10
			i++
		}
		if i == 1 {
			return 0, 0, false, false
		}
		rest = rest[i:]
	}
	if len(rest) == 0 {
		return secs*1e9 + nanos, 0, false, true
	}
	if len(rest) != 6 || rest[0] != ' ' || (rest[1] != '+' && rest[1] != '-') {
		return 0, 0, false, false
	}
	oh, ok7 := digits2(rest, 2)
	om, ok8 := digits2(rest, 4)
	if !ok7 || !ok8 || oh > 23 || om > 59 {
		return 0, 0, false, false
	}
	off := int32(oh*3600 + om*60)
	if rest[1] == '-' {
		off = -off
	}
	return (secs-int64(off))*1e9 + nanos, off, true, true
}
