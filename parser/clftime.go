package parser

// daysFromCivil returns the number of days since 1970-01-01 of a proleptic
// Gregorian date (Howard Hinnant's algorithm); month is 1–12.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

var monthDays = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// monthIndex returns 1–12 for an English three-letter month name, 0 otherwise.
func monthIndex(b []byte) int {
	if len(b) < 3 {
		return 0
	}
	switch b[0] | 0x20 {
	case 'j':
		switch {
		case b[1]|0x20 == 'a' && b[2]|0x20 == 'n':
			return 1
		case b[1]|0x20 == 'u' && b[2]|0x20 == 'n':
			return 6
		case b[1]|0x20 == 'u' && b[2]|0x20 == 'l':
			return 7
		}
	case 'f':
		if b[1]|0x20 == 'e' && b[2]|0x20 == 'b' {
			return 2
		}
	case 'm':
		if b[1]|0x20 == 'a' {
			switch b[2] | 0x20 {
			case 'r':
				return 3
			case 'y':
				return 5
			}
		}
	case 'a':
		switch {
		case b[1]|0x20 == 'p' && b[2]|0x20 == 'r':
			return 4
		case b[1]|0x20 == 'u' && b[2]|0x20 == 'g':
			return 8
		}
	case 's':
		if b[1]|0x20 == 'e' && b[2]|0x20 == 'p' {
			return 9
		}
	case 'o':
		if b[1]|0x20 == 'c' && b[2]|0x20 == 't' {
			return 10
		}
	case 'n':
		if b[1]|0x20 == 'o' && b[2]|0x20 == 'v' {
			return 11
		}
	case 'd':
		if b[1]|0x20 == 'e' && b[2]|0x20 == 'c' {
			return 12
		}
	}
	return 0
}

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
	mon := monthIndex(b[3:6])
	y1, ok2 := digits2(b, 7)
	y2, ok3 := digits2(b, 9)
	hh, ok4 := digits2(b, 12)
	mm, ok5 := digits2(b, 15)
	ss, ok6 := digits2(b, 18)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mon == 0 || day < 1 || day > monthDays[mon] || hh > 23 || mm > 59 || ss > 60 {
		return 0, 0, false, false
	}
	year := y1*100 + y2
	secs := daysFromCivil(year, mon, day)*86400 + int64(hh*3600+mm*60+ss)
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
