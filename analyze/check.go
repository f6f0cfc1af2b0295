package analyze

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Threshold kinds, as named by the flags of `logscan check`.
const (
	CheckMax          = "max"           // at most N requests of a class or code
	CheckMaxRate      = "max-rate"      // at most a share of all requests
	CheckMaxLatency   = "max-latency"   // a request-time quantile at most a duration
	CheckMinRequests  = "min-requests"  // at least N requests
	CheckMaxMalformed = "max-malformed" // at most N malformed lines
)

// Threshold is one limit a log must respect.
type Threshold struct {
	Kind  string  `json:"kind"`
	Key   string  `json:"key,omitempty"` // "5xx", "404", "p99", or "" for whole-log limits
	Limit float64 `json:"limit"`         // count, fraction (0.02 for 2%), or seconds
}

// String returns the threshold as a flag would write it: "max-rate 5xx=2%".
func (t Threshold) String() string {
	switch t.Kind {
	case CheckMaxRate:
		return fmt.Sprintf("%s %s=%s%%", t.Kind, t.Key, strconv.FormatFloat(t.Limit*100, 'f', -1, 64))
	case CheckMaxLatency:
		return fmt.Sprintf("%s %s=%s", t.Kind, t.Key, time.Duration(t.Limit*float64(time.Second)))
	case CheckMinRequests, CheckMaxMalformed:
		return fmt.Sprintf("%s %s", t.Kind, strconv.FormatFloat(t.Limit, 'f', -1, 64))
	}
	return fmt.Sprintf("%s %s=%s", t.Kind, t.Key, strconv.FormatFloat(t.Limit, 'f', -1, 64))
}

// ParseThreshold reads a flag value for a threshold kind: "5xx=0" or
// "500=10" for max, "5xx=0.5%" or "404=0.02" for max-rate, "p99=800ms" for
// max-latency (p50, p90, p99, max), and a bare number for min-requests and
// max-malformed.
func ParseThreshold(kind, spec string) (Threshold, error) {
	t := Threshold{Kind: kind}
	spec = strings.TrimSpace(spec)
	switch kind {
	case CheckMinRequests, CheckMaxMalformed:
		n, err := strconv.ParseInt(spec, 10, 64)
		if err != nil || n < 0 {
			return t, fmt.Errorf("%s: want a whole number, got %q", kind, spec)
		}
		t.Limit = float64(n)
		return t, nil
	case CheckMax, CheckMaxRate, CheckMaxLatency:
	default:
		return t, fmt.Errorf("unknown threshold kind %q", kind)
	}
	key, val, ok := strings.Cut(spec, "=")
	if !ok {
		return t, fmt.Errorf("%s: want KEY=VALUE, got %q", kind, spec)
	}
	t.Key = strings.ToLower(strings.TrimSpace(key))
	val = strings.TrimSpace(val)
	switch kind {
	case CheckMax, CheckMaxRate:
		if !validStatusKey(t.Key) {
			return t, fmt.Errorf("%s: %q is not a status class (4xx) or code (404)", kind, key)
		}
	case CheckMaxLatency:
		switch t.Key {
		case "p50", "p90", "p99", "max":
		default:
			return t, fmt.Errorf("%s: %q is not one of p50, p90, p99, max", kind, key)
		}
	}
	switch kind {
	case CheckMax:
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil || n < 0 {
			return t, fmt.Errorf("%s: want a whole number of requests, got %q", kind, val)
		}
		t.Limit = float64(n)
	case CheckMaxRate:
		pct := strings.HasSuffix(val, "%")
		f, err := strconv.ParseFloat(strings.TrimSuffix(val, "%"), 64)
		if err != nil || f < 0 || (pct && f > 100) || (!pct && f > 1) {
			return t, fmt.Errorf("%s: want a share such as 2%% or 0.02, got %q", kind, val)
		}
		if pct {
			f /= 100
		}
		t.Limit = f
	case CheckMaxLatency:
		d, err := time.ParseDuration(val)
		if err != nil || d < 0 {
			return t, fmt.Errorf("%s: want a duration such as 800ms or 2s, got %q", kind, val)
		}
		t.Limit = d.Seconds()
	}
	return t, nil
}

func validStatusKey(k string) bool {
	if len(k) != 3 {
		return false
	}
	if k[1] == 'x' && k[2] == 'x' {
		return k[0] >= '1' && k[0] <= '5'
	}
	n, err := strconv.Atoi(k)
	return err == nil && n >= 100 && n <= 599
}

// CheckResult is the outcome of one threshold.
type CheckResult struct {
	Threshold
	Name  string  `json:"name"`
	Pass  bool    `json:"pass"`
	Value float64 `json:"value"`
	// Measured is false when the logs cannot answer the threshold (no
	// request times for a latency limit); such a result fails.
	Measured bool   `json:"measured"`
	Message  string `json:"message"`
	// For failed status thresholds: the top paths of the offending codes,
	// and their confirmed causes.
	TopPaths []Counted    `json:"top_paths,omitempty"`
	Causes   []CheckCause `json:"causes,omitempty"`
}

// CheckCause is a confirmed cause of the requests that failed a threshold.
type CheckCause struct {
	Code     int    `json:"code"`
	ID       string `json:"id"`
	Title    string `json:"title"`
	Evidence int64  `json:"evidence"`
}

// Check evaluates thresholds against a summary, in the order given.
func Check(s *Summary, ts []Threshold, topN int) []CheckResult {
	out := make([]CheckResult, 0, len(ts))
	for _, t := range ts {
		r := CheckResult{Threshold: t, Name: t.String(), Measured: true}
		switch t.Kind {
		case CheckMax, CheckMaxRate:
			n := statusCount(s, t.Key)
			r.Value = float64(n)
			if t.Kind == CheckMaxRate {
				r.Value = share(n, s.Requests)
				r.Pass = r.Value <= t.Limit
				r.Message = fmt.Sprintf("%s requests are %s: %d of %d (%.2f%%), limit %.2f%%", t.Key, outcome(r.Pass), n, s.Requests, r.Value*100, t.Limit*100)
			} else {
				r.Pass = r.Value <= t.Limit
				r.Message = fmt.Sprintf("%s requests are %s: %d, limit %d", t.Key, outcome(r.Pass), n, int64(t.Limit))
			}
			if !r.Pass {
				r.TopPaths, r.Causes = offenders(s, t.Key, topN)
			}
		case CheckMaxLatency:
			if s.Latency == nil || s.Latency.Overall.Count == 0 {
				r.Measured = false
				r.Message = "the logs carry no request times (use a format with %D, %T or $request_time)"
				break
			}
			q := s.Latency.Overall
			r.Value = map[string]float64{"p50": q.P50, "p90": q.P90, "p99": q.P99, "max": q.Max}[t.Key]
			r.Pass = r.Value <= t.Limit
			r.Message = fmt.Sprintf("%s request time is %s: %s, limit %s", t.Key, outcome(r.Pass), dur(r.Value), dur(t.Limit))
		case CheckMinRequests:
			r.Value = float64(s.Requests)
			r.Pass = r.Value >= t.Limit
			r.Message = fmt.Sprintf("requests: %d, at least %d wanted", s.Requests, int64(t.Limit))
		case CheckMaxMalformed:
			r.Value = float64(s.Malformed)
			r.Pass = r.Value <= t.Limit
			r.Message = fmt.Sprintf("malformed lines: %d, limit %d", s.Malformed, int64(t.Limit))
		}
		out = append(out, r)
	}
	return out
}

func outcome(pass bool) string {
	if pass {
		return "within the limit"
	}
	return "over the limit"
}

func dur(sec float64) string {
	return time.Duration(sec * float64(time.Second)).Round(time.Millisecond).String()
}

// statusCount counts the requests of a class ("5xx") or code ("503").
func statusCount(s *Summary, key string) int64 {
	if strings.HasSuffix(key, "xx") {
		return s.Classes[key]
	}
	code, _ := strconv.Atoi(key)
	for _, c := range s.Codes {
		if c.Code == code {
			return c.Count
		}
	}
	return 0
}

// matches reports whether a code falls under a class or code key.
func matches(key string, code int) bool {
	if strings.HasSuffix(key, "xx") {
		return int(key[0]-'0') == code/100
	}
	return strconv.Itoa(code) == key
}

// offenders returns the top paths and the confirmed causes of the codes
// under key.
func offenders(s *Summary, key string, topN int) ([]Counted, []CheckCause) {
	paths := NewTopK(max(topN, 1) * 100)
	var causes []CheckCause
	for _, c := range s.Codes {
		if !matches(key, c.Code) {
			continue
		}
		for _, p := range c.TopPaths {
			paths.Add([]byte(p.Key), p.Count)
		}
		for _, cause := range c.Causes {
			if cause.Confidence == Confirmed {
				causes = append(causes, CheckCause{Code: c.Code, ID: cause.ID, Title: cause.Title, Evidence: cause.Evidence})
			}
		}
	}
	return paths.Top(topN), causes
}

// Failed reports whether any result failed.
func Failed(rs []CheckResult) bool {
	for _, r := range rs {
		if !r.Pass {
			return true
		}
	}
	return false
}
