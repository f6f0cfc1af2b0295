package analyze

import "slices"

// Cause is one likely cause of an HTTP error status, as listed in logscan's
// catalog. ID is a stable contract (JSON reports and users' scripts match on
// it); Title and Advice are logscan's own words and may improve.
type Cause struct {
	ID     string // stable id, e.g. "fs-permissions"
	Title  string // short, plain English
	Codes  []int  // status codes it can explain, most typical first
	Advice string // what to check or change, for Apache and nginx
}

// catalog holds one row per cause id, sorted by id (a test checks it). Codes follow the order
// of the cause-id reference (testdata/analyze/cause-ids.md).
var catalog = []Cause{
	{
		ID:     "app-error",
		Title:  "The application failed with a fatal error",
		Codes:  []int{500, 502},
		Advice: "Read the PHP (or other application) message in the error log for the file and line, and fix the code, memory_limit or max_execution_time it names. Through PHP-FPM it arrives as Apache AH01071 \"Got error 'PHP message: ...'\" or nginx \"FastCGI sent in stderr\"; set log_errors = On in php.ini if nothing shows.",
	},
	{
		ID:     "app-response",
		Title:  "The application answered with this code itself",
		Codes:  []int{404, 403, 401, 400, 405, 409, 410, 422, 429},
		Advice: "The proxy logged an upstream response time: the application behind it sent this status, not the web server's files or rules. Look in the application's own logs and routes for why it refused the request (no such route or record, validation, its own access checks or rate limits); the web server's configuration is not involved.",
	},
	{
		ID:     "auth-misconfig",
		Title:  "Authentication is misconfigured",
		Codes:  []int{401, 500, 403},
		Advice: "Check that the password file named by AuthUserFile (Apache) or auth_basic_user_file (nginx) exists and is readable by the server user, and that AuthType, AuthName and Require belong to the same block.",
	},
	{
		ID:     "backend-bad-response",
		Title:  "The backend closed the connection or sent no valid response",
		Codes:  []int{502},
		Advice: "Check that the backend speaks what the proxy expects on that port (http:// or https://, HTTP or FastCGI), and read the backend's own logs for crashes, OOM kills and worker timeouts (PHP-FPM request_terminate_timeout, gunicorn --timeout).",
	},
	{
		ID:     "backend-down",
		Title:  "The backend could not be reached",
		Codes:  []int{502, 503},
		Advice: "Check that the backend runs and listens where ProxyPass or BalancerMember (Apache) or proxy_pass, fastcgi_pass or the upstream block (nginx) point, unix socket path and permissions included. After a failure Apache disables the worker for its retry time (60 s) and nginx skips the server for fail_timeout after max_fails, so one outage can fail many requests. The error number tells which: (111: Connection refused), nothing listens (the backend is down or restarting); on a unix socket, (2: No such file or directory), no socket file (the backend is not running, or listens elsewhere).",
	},
	{
		ID:     "backend-header-too-big",
		Title:  "The backend's response headers are too big for the proxy",
		Codes:  []int{502},
		Advice: "Raise proxy_buffer_size or fastcgi_buffer_size (nginx, 4k or 8k by default) or ResponseFieldSize (Apache mod_proxy_http), or make the backend send fewer or smaller headers and cookies.",
	},
	{
		ID:     "bad-credentials",
		Title:  "Wrong user name or password",
		Codes:  []int{401},
		Advice: "Check the user against the file named by AuthUserFile (Apache) or auth_basic_user_file (nginx). Many failures from one client are a brute-force attempt: block it (fail2ban, a deny rule, a rate limit).",
	},
	{
		ID:     "bad-http-version",
		Title:  "The request named an unsupported HTTP version",
		Codes:  []int{505},
		Advice: "Usually a broken client or junk sent to the port: find the clients and request lines in the access log; there is normally nothing to change on the server.",
	},
	{
		ID:     "binary-probe",
		Title:  "Non-HTTP bytes were sent to the server",
		Codes:  []int{501, 400},
		Advice: "A TLS handshake (\\x16\\x03) on a plain-HTTP port or a proxy probe (\\x05\\x01): check that real clients use https:// for the TLS port, and treat the rest as scanning noise.",
	},
	{
		ID:     "body-too-large",
		Title:  "The request body is over the size limit",
		Codes:  []int{413},
		Advice: "Raise client_max_body_size (nginx, 1m by default) or LimitRequestBody (Apache, 1 GiB since 2.4.54) for the location that takes uploads, or send smaller bodies. Apache logs AH01588 only at LogLevel info.",
	},
	{
		ID:     "broken-link",
		Title:  "A page links to something that is not there",
		Codes:  []int{404},
		Advice: "Fix the link in the referring page (the referer of the 404s), or redirect the old URL to where the resource lives now.",
	},
	{
		ID:     "case-mismatch",
		Title:  "The path differs only in letter case from a served one",
		Codes:  []int{404},
		Advice: "File systems are case-sensitive: fix the links to the served spelling or add redirects; on Apache, mod_speling with CheckCaseOnly On corrects case for you.",
	},
	{
		ID:     "client-closed",
		Title:  "The client gave up before the response",
		Codes:  []int{499},
		Advice: "nginx logs 499 when the client closes first. If these requests have long request times the backend is slower than the client's or load balancer's timeout: look at backend latency first.",
	},
	{
		ID:     "client-timeout",
		Title:  "The client was too slow to send its request",
		Codes:  []int{408},
		Advice: "Mostly idle keep-alive or pre-connected sockets, slow clients or a slowloris attack, and harmless; tune RequestReadTimeout (Apache mod_reqtimeout, logged at LogLevel info) or client_header_timeout and client_body_timeout (nginx) only if real uploads are cut off.",
	},
	{
		ID:     "deny-rule",
		Title:  "An access rule refused the client",
		Codes:  []int{403},
		Advice: "Find the rule: Require, Deny or a <FilesMatch> block in the configuration or an .htaccess file (Apache), deny or allow in the matching location (nginx), and decide whether the client or path should be allowed.",
	},
	{
		ID:     "docroot-missing",
		Title:  "The site's document root does not exist",
		Codes:  []int{404},
		Advice: "Apache warned at start-up that the DocumentRoot of a site does not exist (AH00112), so it answers 404 for everything under it until the directory is back or the configuration is fixed: check the path in the warning (a deploy that moved the site, a mount that failed) and restart or reload Apache.",
	},
	{
		ID:     "fs-permissions",
		Title:  "File permissions keep the server from the file",
		Codes:  []int{403, 500},
		Advice: "The server user cannot read the file or search (x) a directory above it: check owner and mode along the whole path (namei -l PATH) and SELinux or AppArmor labels. The error log names the path (Apache AH00035 or AH00132, nginx \"(13: Permission denied)\").",
	},
	{
		ID:     "header-too-large",
		Title:  "Request headers or cookies are over the limit",
		Codes:  []int{400, 431, 494},
		Advice: "Find the cookie or header that grew, or raise LimitRequestFieldSize and LimitRequestFields (Apache, 8190 bytes and 100 fields) or large_client_header_buffers (nginx, 4 8k). Both servers log this only at level info.",
	},
	{
		ID:     "htaccess-error",
		Title:  "An .htaccess file is broken",
		Codes:  []int{500},
		Advice: "The error log names the file and directive: fix the typo, load the module that provides the directive (LoadModule, a2enmod), or allow it with AllowOverride.",
	},
	{
		ID:     "insufficient-storage",
		Title:  "No space left to store the data",
		Codes:  []int{507},
		Advice: "A disk or quota is full: check df -h and df -i for the document root, upload and temporary directories (nginx client_body_temp_path, proxy_temp_path) and the log directory.",
	},
	{
		ID:     "maintenance",
		Title:  "The site was put in maintenance",
		Codes:  []int{503},
		Advice: "503s for every path over a window with no error-log evidence look like a maintenance switch (RewriteRule with [R=503] and ErrorDocument 503 on Apache, return 503 on nginx): confirm it was planned and switched off again.",
	},
	{
		ID:     "malformed-request",
		Title:  "The client sent a request the server could not parse",
		Codes:  []int{400},
		Advice: "Buggy clients, scanners, or TLS sent to a plain port: find the clients in the access log. Apache logs most parse failures only at LogLevel debug or info (AH00126 at error), nginx at info.",
	},
	{
		ID:     "method-not-implemented",
		Title:  "The server does not support the request method",
		Codes:  []int{501, 405},
		Advice: "Usually scanners sending TRACE, CONNECT or made-up methods; if a real client needs the method, allow it (limit_except on nginx, <Limit> or TraceEnable on Apache) or route it to an application that handles it.",
	},
	{
		ID:     "missing-file",
		Title:  "The file is not where the server looked",
		Codes:  []int{404},
		Advice: "Compare the path in the error log with DocumentRoot and Alias (Apache) or root and alias (nginx), and check the last deploy. Apache 2.4 logs AH00128 only at LogLevel info; nginx logs it unless log_not_found is off.",
	},
	{
		ID:     "moved-resource",
		Title:  "The resource moved or was removed without a redirect",
		Codes:  []int{404, 410},
		Advice: "Add a permanent redirect from the old path (Redirect permanent or RewriteRule [R=301] on Apache, return 301 on nginx), and update the pages that still link to it.",
	},
	{
		ID:     "mpm-limits",
		Title:  "The server ran out of worker slots",
		Codes:  []int{503, 502, 504},
		Advice: "Raise MaxRequestWorkers (with ServerLimit and ThreadsPerChild) as far as memory allows, or find what keeps workers busy (slow backends, PHP); on nginx raise worker_connections. When every worker is busy, new connections wait in the listen queue: the requests that get through are slow, those the queue cannot hold are refused, which a proxy in front reports as 502 or 504 and Apache itself, or its own proxy workers, as 503.",
	},
	{
		ID:     "no-credentials",
		Title:  "Authentication challenge: no credentials sent yet",
		Codes:  []int{401},
		Advice: "The normal first step of HTTP authentication: the client retries with credentials. Nothing to fix unless the same client never follows with a success.",
	},
	{
		ID:     "no-index",
		Title:  "A directory has no index file and listing is off",
		Codes:  []int{403},
		Advice: "Add the index file or fix DirectoryIndex (Apache) or index (nginx); turn on Options +Indexes or autoindex on only if a listing is wanted.",
	},
	{
		ID:     "overload",
		Title:  "More requests than the server can serve",
		Codes:  []int{503},
		Advice: "Compare the request rate with normal traffic and look for a crawler or attack behind the burst; then check the backend's capacity and the proxy's connection pools (Apache AH00934 \"all workers are busy\"). nginx \"connect() to unix:... failed (11: Resource temporarily unavailable)\": the backend runs but its listen queue is full, every worker busy; find its slow requests, or raise its workers (pm.max_children, gunicorn --workers) and backlog (listen.backlog, gunicorn --backlog, net.core.somaxconn).",
	},
	{
		ID:     "primary-script-unknown",
		Title:  "PHP-FPM cannot find the script",
		Codes:  []int{404},
		Advice: "Check SCRIPT_FILENAME (fastcgi_param on nginx, the ProxyPassMatch or SetHandler target on Apache) against the document root PHP-FPM sees, and use try_files $uri =404 on nginx so missing .php files never reach FPM.",
	},
	{
		ID:     "rate-limited",
		Title:  "A rate or connection limit refused the request",
		Codes:  []int{429, 503},
		Advice: "An nginx limit_req or limit_conn zone refused it (503 unless limit_req_status or limit_conn_status say 429): raise rate or burst if real users are hit, keep it if it stops a flood.",
	},
	{
		ID:     "read-only-resource",
		Title:  "A write method was sent to a resource that cannot change",
		Codes:  []int{403, 405},
		Advice: "POST, PUT, DELETE or PATCH reached a static file: point the form or client at the right URL, or route the method to the application that handles it.",
	},
	{
		ID:     "redirect-loop",
		Title:  "Internal redirects or rewrites loop",
		Codes:  []int{500},
		Advice: "Look for a RewriteRule without a guarding RewriteCond, an ErrorDocument that fails itself, or a DirectoryIndex bouncing through a rewrite (Apache, LogLevel rewrite:trace3 shows the steps); on nginx, a try_files, error_page or rewrite ... last fallback that leads back to itself.",
	},
	{
		ID:     "rewrite-rule",
		Title:  "A rewrite or internal redirect points to the wrong target",
		Codes:  []int{404, 500},
		Advice: "Compare the requested path with the file path in the error log, and trace the rules: LogLevel rewrite:trace3 on Apache, rewrite_log on with error_log at notice on nginx.",
	},
	{
		ID:     "scanner",
		Title:  "Automated probing for vulnerable paths",
		Codes:  []int{404, 403, 400, 405},
		Advice: "Nothing is broken: make sure none of the probed paths (/.env, /.git/config, /wp-login.php) exists, and block the noisiest clients if they matter (fail2ban, a deny rule).",
	},
	{
		ID:     "script-error",
		Title:  "A CGI or FastCGI script crashed or printed no headers",
		Codes:  []int{500},
		Advice: "Run the script by hand as the server user; check its #! line, line endings and execute permission, and read the script's stderr logged just before this line.",
	},
	{
		ID:     "single-client",
		Title:  "One client caused most of these responses",
		Codes:  []int{401, 403, 404, 400, 405, 429, 500, 502, 503, 504},
		Advice: "Look at that client before the application: a test or benchmark run, a monitoring probe, a developer's browser, a script or a scanner hitting one endpoint. Many 401s from one client are a brute-force attempt: block it (fail2ban, a deny rule, a rate limit).",
	},
	{
		ID:     "symlink-denied",
		Title:  "A symbolic link is not allowed",
		Codes:  []int{403},
		Advice: "Check Options FollowSymLinks or SymLinksIfOwnerMatch (Apache) or disable_symlinks (nginx), and the owner and permissions of the link's target.",
	},
	{
		ID:     "upstream-timeout",
		Title:  "The backend took longer than the proxy waits",
		Codes:  []int{504, 502},
		Advice: "Find the slow requests in the backend's own logs, or raise proxy_read_timeout or fastcgi_read_timeout (nginx) or ProxyTimeout or Timeout (Apache), all 60 s by default, if the slowness is expected. Apache mod_proxy_http reports a backend timeout as 502, not 504.",
	},
	{
		ID:     "uri-too-long",
		Title:  "The request line is too long",
		Codes:  []int{414},
		Advice: "Usually a runaway query string or a redirect that keeps appending parameters; the limits are LimitRequestLine (Apache, 8190 bytes) and large_client_header_buffers (nginx, 8k per buffer).",
	},
	{
		ID:     "waf-block",
		Title:  "A web application firewall rule blocked the request",
		Codes:  []int{400, 403, 406, 500},
		Advice: "The error-log line names the rule id: decide whether the request was an attack or a false positive, and only for the latter exclude the rule (SecRuleRemoveById or a rule exclusion) where it misfires.",
	},
}

// catalogIndex maps a cause id to its row in catalog.
var catalogIndex = func() map[string]int {
	m := make(map[string]int, len(catalog))
	for i, c := range catalog {
		m[c.ID] = i
	}
	return m
}()

// textbook lists, per status code, the causes that can explain it in their
// usual order of likelihood, most likely first: the order in which an
// operator should look when the logs hold no evidence either way. Every
// cause whose Codes name a status appears in that status's list.
var textbook = map[int][]string{
	400: {"malformed-request", "binary-probe", "scanner", "header-too-large", "waf-block"},
	401: {"no-credentials", "bad-credentials", "auth-misconfig"},
	403: {"fs-permissions", "deny-rule", "no-index", "scanner", "waf-block", "symlink-denied", "auth-misconfig", "read-only-resource"},
	404: {"missing-file", "scanner", "broken-link", "moved-resource", "case-mismatch", "rewrite-rule", "primary-script-unknown"},
	405: {"read-only-resource", "method-not-implemented", "scanner"},
	406: {"waf-block"},
	408: {"client-timeout"},
	410: {"moved-resource"},
	413: {"body-too-large"},
	414: {"uri-too-long"},
	429: {"rate-limited"},
	431: {"header-too-large"},
	494: {"header-too-large"},
	499: {"client-closed"},
	500: {"app-error", "script-error", "htaccess-error", "redirect-loop", "fs-permissions", "rewrite-rule", "auth-misconfig", "waf-block"},
	501: {"method-not-implemented", "binary-probe"},
	502: {"backend-down", "backend-bad-response", "upstream-timeout", "app-error", "backend-header-too-big", "mpm-limits"},
	503: {"backend-down", "rate-limited", "overload", "maintenance", "mpm-limits"},
	504: {"upstream-timeout", "mpm-limits"},
	505: {"bad-http-version"},
	507: {"insufficient-storage"},
}

// clone returns c with its own copy of Codes.
func (c Cause) clone() Cause {
	c.Codes = slices.Clone(c.Codes)
	return c
}

// Catalog returns every cause, sorted by ID. The slice and the Codes in it
// are a fresh copy the caller may keep and change.
func Catalog() []Cause {
	out := make([]Cause, len(catalog))
	for i, c := range catalog {
		out[i] = c.clone()
	}
	return out
}

// CauseByID returns the cause with the given id and true, or the zero Cause
// and false when the id is unknown. Codes is a copy the caller may keep.
func CauseByID(id string) (Cause, bool) {
	i, ok := catalogIndex[id]
	if !ok {
		return Cause{}, false
	}
	return catalog[i].clone(), true
}

// evidenceOnly are the causes that mean nothing without evidence from the
// logs (one client behind most responses; a start-up warning about a
// document root): never listed as textbook.
var evidenceOnly = map[string]bool{"single-client": true, "docroot-missing": true, "app-response": true}

// TextbookCauses returns the causes that can explain a status code, in their
// usual order of likelihood, most likely first. It returns nil for a code no
// cause explains (use [GenericAdvice] then). The slice is a fresh copy.
func TextbookCauses(code int) []Cause {
	ids := textbook[code]
	if len(ids) == 0 {
		return nil
	}
	out := make([]Cause, 0, len(ids))
	for _, id := range ids {
		if c, ok := CauseByID(id); ok {
			out = append(out, c)
		}
	}
	return out
}

// GenericAdvice returns what to check for a status code in general: words
// for a few codes that have no cause of their own (421, 444, 495–497), and
// otherwise advice for the code's class. Reports use it for codes for which
// [TextbookCauses] returns nil; it returns "" for 1xx, 2xx and 3xx codes,
// which need no advice, and for codes outside 100–599 it says so.
func GenericAdvice(code int) string {
	if s, ok := genericByCode[code]; ok {
		return s
	}
	switch ClassOf(code) {
	case ClassClientError:
		return "The server refused the request as the client's fault: see which clients and paths get it in the access log, and raise the error log level (Apache LogLevel info, nginx error_log ... info) to see the server's reason."
	case ClassServerError:
		return "A server-side failure: read the error log at that time (Apache ErrorLog, nginx error_log) and, when the request was proxied, the backend's own logs."
	case ClassUnknown:
		return "Not a standard HTTP status: check which module, proxy or application sends it."
	}
	return ""
}

// genericByCode holds advice for codes without causes that still deserve
// more than the class-level words.
var genericByCode = map[int]string{
	421: "The request reached a server that is not configured for its host: check ServerName and ServerAlias with SNI (Apache AH02032) or server_name (nginx), and HTTP/2 connection reuse across virtual hosts.",
	444: "nginx closed the connection without a response because a `return 444` rule matched: usually deliberate filtering of scanners or unknown hosts.",
	495: "nginx: the client's TLS certificate failed verification (ssl_verify_client); check the client certificate and ssl_client_certificate. nginx logs it as 400.",
	496: "nginx: the client sent no certificate although ssl_verify_client requires one. nginx logs it as 400.",
	497: "nginx: plain HTTP was sent to an HTTPS port; redirect with error_page 497 if clients keep doing it. nginx logs it as 400.",
}
