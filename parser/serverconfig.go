package parser

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ServerConfig holds the access-log formats found in an Apache or nginx
// configuration file.
type ServerConfig struct {
	// Formats maps a format name to its format string: Apache `LogFormat
	// "…" name` and nginx `log_format name '…';`. An Apache LogFormat
	// without a name is stored as "default"; a CustomLog with an inline
	// format string as "customlog-N" (N counting from 1). nginx's
	// predefined "combined" is always present in an nginx configuration.
	Formats map[string]string
	// Syntax maps each name in Formats to SyntaxApache or SyntaxNginx.
	Syntax map[string]string
	// Used is the format named by the first access_log or CustomLog (or
	// TransferLog) directive that writes a log; "" when there is none.
	Used string
}

// ReadServerConfig reads an Apache (httpd.conf, apache2.conf) or nginx
// (nginx.conf) configuration and collects its access-log formats. It follows
// no Include or include directives. Apache directive names match in any case;
// arguments are unquoted as the servers do (`\"` inside "…" is a quote, and
// nginx turns `\t`, `\n`, `\r` into control bytes). A file with neither kind
// of directive gives an empty ServerConfig and a nil error.
func ReadServerConfig(r io.Reader) (ServerConfig, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return ServerConfig{}, fmt.Errorf("read server config: %w", err)
	}
	cfg := ServerConfig{Formats: map[string]string{}, Syntax: map[string]string{}}
	isNginx, isApache := sniffConfig(data)
	if isApache {
		if err := readApacheConfig(data, &cfg); err != nil {
			return ServerConfig{}, err
		}
	}
	if isNginx {
		if err := readNginxConfig(data, &cfg); err != nil {
			return ServerConfig{}, err
		}
	}
	return cfg, nil
}

// Format compiles the format called name. An empty name means Used, and
// "combined" when nothing is used. A name the configuration does not define
// may still be one of the [Presets]; otherwise the error wraps
// [ErrBadFormat].
func (c ServerConfig) Format(name string) (Format, error) {
	if name == "" {
		name = c.Used
	}
	if name == "" {
		name = "combined"
	}
	if s, ok := c.Formats[name]; ok {
		var f Format
		var err error
		if c.Syntax[name] == SyntaxNginx {
			f, err = CompileNginx(s)
		} else {
			f, err = CompileApache(s)
		}
		if err != nil {
			return nil, fmt.Errorf("log format %s: %w", name, err)
		}
		return f, nil
	}
	if p, ok := PresetByName(name); ok {
		return p.Compile()
	}
	return nil, fmt.Errorf("log format %q is not defined: %w", name, ErrBadFormat)
}

// sniffConfig reports which server's logging directives the text holds,
// judging by the first word of each line.
func sniffConfig(data []byte) (nginx, apache bool) {
	for line := range bytes.Lines(data) {
		line = bytes.TrimLeft(line, " \t")
		end := bytes.IndexAny(line, " \t\r\n")
		if end < 0 {
			end = len(line)
		}
		switch w := string(line[:end]); {
		case w == "log_format" || w == "access_log":
			nginx = true
		case strings.EqualFold(w, "LogFormat") || strings.EqualFold(w, "CustomLog") || strings.EqualFold(w, "TransferLog"):
			apache = true
		}
	}
	return nginx, apache
}

// readApacheConfig collects LogFormat and CustomLog directives.
func readApacheConfig(data []byte, cfg *ServerConfig) error {
	inline := 0
	lineNo := 0
	var logical []byte
	for raw := range bytes.Lines(data) {
		lineNo++
		raw = bytes.TrimRight(raw, "\r\n")
		// A trailing backslash continues the directive on the next line.
		if bytes.HasSuffix(raw, []byte{'\\'}) {
			logical = append(logical, raw[:len(raw)-1]...)
			continue
		}
		logical = append(logical, raw...)
		line := strings.TrimSpace(string(logical))
		logical = logical[:0]
		if line == "" || line[0] == '#' {
			continue
		}
		args, err := apacheArgs(line)
		if err != nil {
			return fmt.Errorf("apache config line %d: %w", lineNo, err)
		}
		switch strings.ToLower(args[0]) {
		case "logformat":
			switch len(args) {
			case 2:
				cfg.Formats["default"], cfg.Syntax["default"] = args[1], SyntaxApache
			case 3:
				cfg.Formats[args[2]], cfg.Syntax[args[2]] = args[1], SyntaxApache
			}
		case "customlog":
			if len(args) < 3 {
				continue
			}
			name := args[2]
			if strings.Contains(name, "%") {
				inline++
				inlineName := "customlog-" + strconv.Itoa(inline)
				cfg.Formats[inlineName], cfg.Syntax[inlineName] = name, SyntaxApache
				name = inlineName
			}
			if cfg.Used == "" {
				cfg.Used = name
			}
		case "transferlog":
			if cfg.Used == "" && len(args) >= 2 {
				if _, ok := cfg.Formats["default"]; ok {
					cfg.Used = "default"
				} else {
					cfg.Used = "common"
				}
			}
		}
	}
	return nil
}

// apacheArgs splits an Apache directive line into words the way httpd's
// ap_getword_conf does: "…" and '…' quote, and inside them a backslash
// before the quote or another backslash is dropped.
func apacheArgs(line string) ([]string, error) {
	var args []string
	for i := 0; i < len(line); {
		c := line[i]
		if c == ' ' || c == '\t' {
			i++
			continue
		}
		if c == '"' || c == '\'' {
			var b strings.Builder
			j := i + 1
			for ; j < len(line) && line[j] != c; j++ {
				if line[j] == '\\' && j+1 < len(line) && (line[j+1] == c || line[j+1] == '\\') {
					j++
				}
				b.WriteByte(line[j])
			}
			if j >= len(line) {
				return nil, fmt.Errorf("unterminated quote in %s", quote64(line[i:]))
			}
			args = append(args, b.String())
			i = j + 1
			continue
		}
		j := i
		for j < len(line) && line[j] != ' ' && line[j] != '\t' {
			j++
		}
		args = append(args, line[i:j])
		i = j
	}
	return args, nil
}

// readNginxConfig collects log_format and access_log directives.
func readNginxConfig(data []byte, cfg *ServerConfig) error {
	cfg.Formats["combined"], cfg.Syntax["combined"] = nginxCombined, SyntaxNginx
	t := nginxTokenizer{s: data, line: 1}
	var words []string
	for {
		tok, kind, err := t.next()
		if err != nil {
			return err
		}
		switch kind {
		case tokEOF:
			return nil
		case tokWord:
			words = append(words, tok)
			continue
		case tokEnd:
			nginxDirective(words, cfg)
		}
		words = words[:0]
	}
}

// nginxDirective records one finished nginx directive.
func nginxDirective(words []string, cfg *ServerConfig) {
	if len(words) == 0 {
		return
	}
	switch words[0] {
	case "log_format":
		if len(words) < 3 {
			return
		}
		name, rest := words[1], words[2:]
		if strings.HasPrefix(rest[0], "escape=") {
			rest = rest[1:]
		}
		cfg.Formats[name], cfg.Syntax[name] = strings.Join(rest, ""), SyntaxNginx
	case "access_log":
		if len(words) < 2 || words[1] == "off" || cfg.Used != "" {
			return
		}
		cfg.Used = "combined"
		if len(words) >= 3 && !strings.Contains(words[2], "=") && words[2] != "gzip" {
			cfg.Used = words[2]
		}
	}
}

// nginx token kinds.
const (
	tokEOF = iota
	tokWord
	tokEnd // ';', '{' or '}'
)

// nginxTokenizer splits nginx configuration text into words the way
// ngx_conf_read_token does.
type nginxTokenizer struct {
	s    []byte
	i    int
	line int
}

// next returns the next word or directive end.
func (t *nginxTokenizer) next() (string, int, error) {
	for t.i < len(t.s) {
		c := t.s[t.i]
		switch {
		case c == '\n':
			t.line++
			t.i++
		case c == ' ' || c == '\t' || c == '\r':
			t.i++
		case c == '#':
			for t.i < len(t.s) && t.s[t.i] != '\n' {
				t.i++
			}
		case c == ';' || c == '{' || c == '}':
			t.i++
			return string(c), tokEnd, nil
		case c == '"' || c == '\'':
			start := t.line
			var b []byte
			for t.i++; t.i < len(t.s); t.i++ {
				d := t.s[t.i]
				if d == c {
					t.i++
					return string(b), tokWord, nil
				}
				if d == '\n' {
					t.line++
				}
				if d == '\\' && t.i+1 < len(t.s) {
					switch e := t.s[t.i+1]; e {
					case '"', '\'', '\\':
						b = append(b, e)
						t.i++
						continue
					case 't':
						b = append(b, '\t')
						t.i++
						continue
					case 'r':
						b = append(b, '\r')
						t.i++
						continue
					case 'n':
						b = append(b, '\n')
						t.i++
						continue
					}
				}
				b = append(b, d)
			}
			return "", 0, fmt.Errorf("nginx config line %d: unterminated quoted string", start)
		default:
			j, inVar := t.i, false
			for j < len(t.s) {
				d := t.s[j]
				if d == '{' && j > t.i && t.s[j-1] == '$' {
					inVar = true // ${name} inside a word is no block
				} else if d == '}' && inVar {
					inVar = false
				} else if d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == ';' || d == '{' || d == '}' {
					break
				}
				j++
			}
			w := string(t.s[t.i:j])
			t.i = j
			return w, tokWord, nil
		}
	}
	return "", tokEOF, nil
}
