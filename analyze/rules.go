package analyze

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
)

// Rule maps one kind of error-log message to a likely cause. A rule matches a
// message when every part it sets matches: the Apache AH code, a substring of
// the message text, and the OS error number.
//
// The statuses and codes come from the causes reference (shared
// causes.md and cause-ids.md); see [Rules] for the table.
type Rule struct {
	Server   string // "apache", "nginx" or "" for both; informational, Match does not filter on it
	Code     string // Apache AH code ("AH01630") or ""
	Fragment string // message substring, case-sensitive, as logged; "" when Code or Errno alone identifies it
	Errno    int    // OS error number (Linux numbering) or APR error (70007) that must accompany the message, 0 = any
	Cause    string // cause id, one of [Catalog]
	Statuses []int  // access-log statuses the message can explain
	// ServerWide marks messages about the server or a backend as a whole
	// (worker limits, a backend marked down): they explain errors of any
	// client in a time window around them, not just a request they name.
	ServerWide bool
	// UntilRestart marks a server-wide message written at start-up about
	// the configuration (a DocumentRoot that does not exist): it holds from
	// the message until the next start-up of the server, not for a minute
	// around it.
	UntilRestart bool
}

// Rules is logscan's table of error-log messages and their causes, grouped
// by cause. Each fragment is the fixed start, middle or end of a message the
// server writes with printf placeholders around it; the order inside the
// table only breaks ties between equally specific rules.
//
// A new message is a new row; [NewMatcher] indexes whatever the table holds.
var Rules = []Rule{
	// malformed-request: Apache logs most parse failures at debug or info.
	{Server: "apache", Code: "AH00126", Cause: "malformed-request", Statuses: []int{400}}, // Invalid URI in request
	{Server: "apache", Fragment: "Invalid URI in request", Cause: "malformed-request", Statuses: []int{400}},
	{Server: "apache", Code: "AH03445", Cause: "malformed-request", Statuses: []int{400}}, // HTTP Request Line; Invalid method token
	{Server: "apache", Code: "AH00566", Cause: "malformed-request", Statuses: []int{400}}, // request failed: malformed request line
	{Server: "apache", Code: "AH00567", Cause: "malformed-request", Statuses: []int{400}}, // request failed: error reading the headers
	{Server: "apache", Code: "AH00569", Cause: "malformed-request", Statuses: []int{400}}, // HTTP/1.1 request without hostname
	{Server: "apache", Code: "AH01587", Cause: "malformed-request", Statuses: []int{400}}, // Invalid Content-Length
	{Server: "apache", Code: "AH02539", Cause: "malformed-request", Statuses: []int{400}}, // unknown Transfer-Encoding
	{Server: "apache", Code: "AH02031", Cause: "malformed-request", Statuses: []int{400}}, // SNI but no Host
	// AH02032: a Host that differs from the SNI name is a 400 in 2.2 and
	// older 2.4 ("... are different"); 2.4.64+ answer 421 ("... have no
	// compatible SSL setup"), which no cause explains.
	{Server: "apache", Code: "AH02032", Cause: "malformed-request", Statuses: []int{400}},
	{Server: "apache", Fragment: "provided via HTTP are different", Cause: "malformed-request", Statuses: []int{400}},
	{Server: "apache", Code: "AH01996", Cause: "malformed-request", Statuses: []int{400}},                // HTTP spoken on HTTPS port
	{Server: "nginx", Fragment: "client sent invalid", Cause: "malformed-request", Statuses: []int{400}}, // request, method, host, header, "Content-Length"...
	{Server: "nginx", Fragment: `client sent HTTP/1.1 request without "Host" header`, Cause: "malformed-request", Statuses: []int{400}},
	{Server: "nginx", Fragment: `client sent "Content-Length" and "Transfer-Encoding" headers`, Cause: "malformed-request", Statuses: []int{400}},
	{Server: "nginx", Fragment: "client sent plain HTTP request to HTTPS port", Cause: "malformed-request", Statuses: []int{400}}, // 497, logged as 400

	// scanner: AH10244 is logged when a path still climbs above the root once
	// decoded ("/cgi-bin/.%2e/.%2e/bin/sh", the CVE-2021-41773 probe): the
	// request parsed, so it is a probe for a known hole, not a malformed request.
	{Server: "apache", Code: "AH10244", Cause: "scanner", Statuses: []int{400}}, // invalid URI path (%s)

	// header-too-large: nginx 494 is logged as 400.
	{Server: "nginx", Fragment: "client sent too long header line", Cause: "header-too-large", Statuses: []int{400, 494}},
	{Server: "nginx", Fragment: "client sent too large request", Cause: "header-too-large", Statuses: []int{400, 494}},
	{Server: "nginx", Fragment: "client sent too many header lines", Cause: "header-too-large", Statuses: []int{400, 494}},
	{Server: "apache", Code: "AH00560", Cause: "header-too-large", Statuses: []int{400}}, // Request header exceeds LimitRequestFieldSize...
	{Server: "apache", Code: "AH00561", Cause: "header-too-large", Statuses: []int{400}},
	{Server: "apache", Code: "AH00562", Cause: "header-too-large", Statuses: []int{400}},
	{Server: "apache", Code: "AH00563", Cause: "header-too-large", Statuses: []int{400}}, // Number of request headers exceeds LimitRequestFields

	// waf-block: ModSecurity v2 may put [file ...] tags between "ModSecurity:" and "Access denied".
	{Fragment: "Access denied with code", Cause: "waf-block", Statuses: []int{400, 403, 406, 500}},
	{Fragment: "Coraza: Access denied", Cause: "waf-block", Statuses: []int{400, 403, 406, 500}},

	// no-credentials: nginx logs the plain challenge at info.
	{Server: "nginx", Fragment: "no user/password was provided for basic authentication", Cause: "no-credentials", Statuses: []int{401}},

	// bad-credentials
	{Server: "apache", Code: "AH01617", Cause: "bad-credentials", Statuses: []int{401}},               // user %s: authentication failure for "%s": Password Mismatch
	{Server: "apache", Code: "AH01618", Cause: "bad-credentials", Statuses: []int{401}},               // user %s not found: %s
	{Server: "apache", Code: "AH01614", Cause: "bad-credentials", Statuses: []int{401}},               // client used wrong authentication scheme
	{Server: "apache", Fragment: "Password Mismatch", Cause: "bad-credentials", Statuses: []int{401}}, // 2.2
	{Server: "apache", Fragment: " not found: ", Cause: "bad-credentials", Statuses: []int{401}},      // 2.2 user %s not found: %s
	{Server: "nginx", Fragment: ": password mismatch", Cause: "bad-credentials", Statuses: []int{401}},
	{Server: "nginx", Fragment: `" was not found in "`, Cause: "bad-credentials", Statuses: []int{401}},
	{Server: "nginx", Fragment: "' - not authenticated: ", Cause: "bad-credentials", Statuses: []int{401}}, // ngx_http_auth_pam_module: PAM: user '%s' - not authenticated: %s

	// auth-misconfig: nginx answers 403 for a missing password file (errno 2), 500 otherwise.
	{Server: "apache", Code: "AH01620", Cause: "auth-misconfig", Statuses: []int{500}}, // Could not open password file: %s
	{Server: "apache", Fragment: "Could not open password file", Cause: "auth-misconfig", Statuses: []int{500}},
	{Server: "nginx", Fragment: `htpasswd" failed`, Cause: "auth-misconfig", Statuses: []int{403, 500}},

	// no-index
	{Server: "apache", Code: "AH01276", Cause: "no-index", Statuses: []int{403}},
	{Server: "apache", Fragment: "index forbidden by Options directive", Cause: "no-index", Statuses: []int{403}}, // 2.4 and 2.2 wording
	{Server: "apache", Fragment: "Directory index forbidden by rule", Cause: "no-index", Statuses: []int{403}},    // 2.0-era wording (loghub, 2005)
	{Server: "nginx", Fragment: `directory index of "`, Cause: "no-index", Statuses: []int{403}},

	// deny-rule
	{Server: "apache", Code: "AH01630", Cause: "deny-rule", Statuses: []int{403}}, // mod_authz_core Require
	{Server: "apache", Code: "AH01797", Cause: "deny-rule", Statuses: []int{403}}, // mod_access_compat Order/Deny
	{Server: "apache", Fragment: "client denied by server configuration", Cause: "deny-rule", Statuses: []int{403}},
	{Server: "nginx", Fragment: "access forbidden by rule", Cause: "deny-rule", Statuses: []int{403}},
	{Fragment: "has been denied (see security.limit_extensions)", Cause: "deny-rule", Statuses: []int{403}}, // PHP-FPM, via AH01071 or FastCGI stderr
	// An authenticated user that a Require user/group or file-owner rule
	// refuses gets 401 (403 with AuthzSendForbiddenOnFailure On).
	{Server: "apache", Code: "AH01631", Cause: "deny-rule", Statuses: []int{401, 403}},                // user %s: authorization failure for "%s":
	{Server: "apache", Code: "AH01637", Cause: "deny-rule", Statuses: []int{401, 403}},                // mod_authz_owner
	{Server: "apache", Fragment: "reason: file owner", Cause: "deny-rule", Statuses: []int{401, 403}}, // 2.2: Authorization of user %s to access %s failed, reason: file owner %s does not match.

	// read-only-resource
	{Server: "apache", Code: "AH00131", Cause: "read-only-resource", Statuses: []int{405}}, // This resource does not accept the %s method.

	// fs-permissions: the errno rule catches every "(13)Permission denied"
	// and "(13: Permission denied)" that no more specific rule explains (a
	// password file, a FastCGI socket); nginx does not tell an unreadable
	// file from an unsearchable directory.
	{Server: "apache", Code: "AH00035", Cause: "fs-permissions", Statuses: []int{403}}, // access to %s denied ... search permissions are missing
	{Server: "apache", Code: "AH00132", Cause: "fs-permissions", Statuses: []int{403}}, // file permissions deny server access
	{Server: "apache", Fragment: "file permissions deny server access", Cause: "fs-permissions", Statuses: []int{403}},
	{Server: "apache", Code: "AH00529", Cause: "fs-permissions", Statuses: []int{403}}, // pcfg_openfile: unable to check htaccess file
	{Server: "apache", Fragment: "pcfg_openfile: unable to check htaccess file", Cause: "fs-permissions", Statuses: []int{403}},
	{Server: "apache", Code: "AH03194", Cause: "fs-permissions", Statuses: []int{403}}, // file permissions deny server execution (CGI)
	{Errno: 13, Cause: "fs-permissions", Statuses: []int{403, 500}},                    // nginx open(), openat(), stat(), index; Apache 2.2

	// symlink-denied: nginx disable_symlinks fails with ELOOP, or EMLINK for if_not_owner.
	{Server: "apache", Code: "AH00037", Cause: "symlink-denied", Statuses: []int{403}},
	{Server: "apache", Fragment: "Symbolic link not allowed or link target not accessible", Cause: "symlink-denied", Statuses: []int{403}},
	{Server: "apache", Code: "AH00670", Cause: "symlink-denied", Statuses: []int{403}},                                                   // RewriteRule forbidden: FollowSymLinks and SymLinksIfOwnerMatch off
	{Server: "apache", Fragment: "which implies that RewriteRule directive is forbidden", Cause: "symlink-denied", Statuses: []int{403}}, // 2.2
	{Errno: 40, Cause: "symlink-denied", Statuses: []int{403}},
	{Errno: 31, Cause: "symlink-denied", Statuses: []int{403}},

	// missing-file: Apache 2.4 logs AH00128 at info, 2.2 at error.
	{Server: "apache", Code: "AH00128", Cause: "missing-file", Statuses: []int{404}},
	{Server: "apache", Code: "AH00130", Cause: "missing-file", Statuses: []int{404}}, // File does not exist (with path info)
	{Server: "apache", Fragment: "File does not exist", Cause: "missing-file", Statuses: []int{404}},
	{Server: "apache", Code: "AH01264", Cause: "missing-file", Statuses: []int{404}}, // mod_cgid: script not found or unable to stat
	{Server: "apache", Code: "AH02811", Cause: "missing-file", Statuses: []int{404}}, // mod_cgi: the same
	// mod_php "script '%s' not found or unable to stat" (no AH code) and 2.2
	// mod_cgi "script not found or unable to stat: %s".
	{Server: "apache", Fragment: "or unable to stat", Cause: "missing-file", Statuses: []int{404}},
	{Server: "nginx", Fragment: `open() "`, Errno: 2, Cause: "missing-file", Statuses: []int{404}},
	{Server: "nginx", Fragment: `openat() "`, Errno: 2, Cause: "missing-file", Statuses: []int{404}},
	{Server: "nginx", Fragment: `stat() "`, Errno: 2, Cause: "missing-file", Statuses: []int{404}},
	{Server: "nginx", Fragment: `open() "`, Errno: 20, Cause: "missing-file", Statuses: []int{404}}, // ENOTDIR
	{Server: "nginx", Fragment: `" is not found`, Cause: "missing-file", Statuses: []int{404}},      // index module

	// docroot-missing: Apache checks every DocumentRoot at start-up and
	// warns (2.4: AH00112; 2.2 without a code) when one does not exist; the
	// 404s under it last until a start-up without the warning.
	{Server: "apache", Code: "AH00112", Cause: "docroot-missing", Statuses: []int{404}, ServerWide: true, UntilRestart: true},
	{Server: "apache", Fragment: "Warning: DocumentRoot [", Cause: "docroot-missing", Statuses: []int{404}, ServerWide: true, UntilRestart: true},
	// rewrite-rule: mod_rewrite trace lines ("[host/sid#1][rid#2/initial] ...") show a rewrite took part.
	{Server: "apache", Fragment: "][rid#", Cause: "rewrite-rule", Statuses: []int{404, 500}},

	// primary-script-unknown
	{Server: "apache", Code: "AH01071", Fragment: "Primary script unknown", Cause: "primary-script-unknown", Statuses: []int{404}}, // Got error '...'
	{Fragment: "Primary script unknown", Cause: "primary-script-unknown", Statuses: []int{404}},
	{Fragment: "Unable to open primary script", Cause: "primary-script-unknown", Statuses: []int{404}},

	// body-too-large
	{Server: "nginx", Fragment: "client intended to send too large body", Cause: "body-too-large", Statuses: []int{413}},
	{Server: "nginx", Fragment: "large chunked body", Cause: "body-too-large", Statuses: []int{413}}, // Transfer-Encoding: chunked, "%O+%O bytes"
	{Server: "apache", Code: "AH01588", Cause: "body-too-large", Statuses: []int{413}},               // Requested content-length of %d is larger than the configured limit
	{Server: "apache", Code: "AH01591", Cause: "body-too-large", Statuses: []int{413}},               // Read content length of %d is larger than the configured limit
	{Server: "apache", Fragment: "is larger than the configured limit", Cause: "body-too-large", Statuses: []int{413}},

	// uri-too-long
	{Server: "nginx", Fragment: "client sent too long URI", Cause: "uri-too-long", Statuses: []int{414}},
	{Server: "apache", Code: "AH00565", Cause: "uri-too-long", Statuses: []int{414}},
	{Server: "apache", Fragment: "exceeds LimitRequestLine", Cause: "uri-too-long", Statuses: []int{414}},
	{Server: "apache", Fragment: "request failed: URI too long", Cause: "uri-too-long", Statuses: []int{414}}, // 2.2 up to 2.2.31

	// client-timeout
	{Server: "apache", Code: "AH01382", Cause: "client-timeout", Statuses: []int{408}}, // Request header/body/handshake read timeout
	{Server: "apache", Fragment: "Request header read timeout", Cause: "client-timeout", Statuses: []int{408}},
	{Server: "apache", Fragment: "Request body read timeout", Cause: "client-timeout", Statuses: []int{408}},
	{Server: "nginx", Fragment: "client timed out", Cause: "client-timeout", Statuses: []int{408}},

	// rate-limited: 503 unless limit_req_status / limit_conn_status say 429; "dry run" lines refuse nothing.
	{Server: "nginx", Fragment: "limiting requests, excess", Cause: "rate-limited", Statuses: []int{429, 503}},
	{Server: "nginx", Fragment: "limiting connections by zone", Cause: "rate-limited", Statuses: []int{429, 503}},

	// client-closed
	{Server: "nginx", Fragment: "client prematurely closed connection", Cause: "client-closed", Statuses: []int{499}},

	// script-error
	{Server: "apache", Fragment: "End of script output before headers", Cause: "script-error", Statuses: []int{500}},
	{Server: "apache", Fragment: "Premature end of script headers", Cause: "script-error", Statuses: []int{500}},
	{Server: "apache", Fragment: "malformed header from script", Cause: "script-error", Statuses: []int{500}},
	{Server: "apache", Code: "AH01215", Cause: "script-error", Statuses: []int{500}}, // a line of the script's stderr
	{Server: "apache", Fragment: "mod_fcgid: read data timeout", Cause: "script-error", Statuses: []int{500}},

	// app-error
	{Fragment: "PHP Fatal error", Cause: "app-error", Statuses: []int{500, 502}},
	{Fragment: "PHP Parse error", Cause: "app-error", Statuses: []int{500, 502}},
	{Server: "apache", Code: "AH01215", Fragment: "PHP Fatal error", Cause: "app-error", Statuses: []int{500}}, // php-cgi stderr
	// The application could not resolve its database's host (MySQL client
	// error 2005, a PHP warning or an uncaught exception): the page fails.
	{Fragment: "Unknown MySQL server host", Cause: "app-error", Statuses: []int{500, 502}},

	// htaccess-error: "<path>/.htaccess: Invalid command ..." and ".htaccess: <Directive> not allowed here".
	{Server: "apache", Fragment: ".htaccess: ", Cause: "htaccess-error", Statuses: []int{500}},
	{Server: "apache", Code: "AH00526", Cause: "htaccess-error", Statuses: []int{500}}, // Syntax error on line %d of %s

	// redirect-loop
	{Server: "apache", Code: "AH00124", Cause: "redirect-loop", Statuses: []int{500}},                           // Request exceeded the limit of %d internal redirects
	{Server: "apache", Fragment: "Request exceeded the limit of", Cause: "redirect-loop", Statuses: []int{500}}, // 2.2; internal redirects or subrequest nesting
	{Server: "apache", Code: "AH00125", Cause: "redirect-loop", Statuses: []int{500}},                           // ... subrequest nesting levels
	{Server: "nginx", Fragment: "rewrite or internal redirection cycle", Cause: "redirect-loop", Statuses: []int{500}},

	// method-not-implemented
	{Server: "apache", Code: "AH00135", Cause: "method-not-implemented", Statuses: []int{501}}, // Invalid method in request %s
	{Server: "apache", Fragment: "Invalid method in request", Cause: "method-not-implemented", Statuses: []int{501}},
	{Server: "apache", Code: "AH01139", Cause: "method-not-implemented", Statuses: []int{405}}, // TRACE forbidden by server configuration
	{Server: "nginx", Fragment: "client sent TRACE method", Cause: "method-not-implemented", Statuses: []int{405}},
	{Server: "nginx", Fragment: "client sent CONNECT method", Cause: "method-not-implemented", Statuses: []int{405}},

	// binary-probe
	{Server: "apache", Code: "AH00134", Cause: "binary-probe", Statuses: []int{501}}, // ... possible attempt to establish SSL connection on non-SSL port
	{Server: "apache", Fragment: "possible attempt to establish SSL connection on non-SSL port", Cause: "binary-probe", Statuses: []int{501}},

	// backend-down: nginx answers 502, Apache 503.
	{Server: "nginx", Fragment: "connect() failed", Cause: "backend-down", Statuses: []int{502}}, // TCP: (111: Connection refused), (113: No route to host)
	{Server: "nginx", Fragment: "connect() to ", Cause: "backend-down", Statuses: []int{502}},    // unix socket: 111 (down), 2 (not running: no socket), 13
	{Server: "nginx", Fragment: "no live upstreams", Cause: "backend-down", Statuses: []int{502}, ServerWide: true},
	{Server: "nginx", Fragment: "upstream server temporarily disabled", Cause: "backend-down", Statuses: []int{502}, ServerWide: true},
	{Server: "nginx", Fragment: "no resolver defined to resolve", Cause: "backend-down", Statuses: []int{502}},
	{Server: "nginx", Fragment: " could not be resolved (", Cause: "backend-down", Statuses: []int{502}},
	{Server: "apache", Code: "AH00957", Cause: "backend-down", Statuses: []int{503}, ServerWide: true}, // %s: attempt to connect to %pI (%s:%hu) failed
	{Server: "apache", Code: "AH02454", Cause: "backend-down", Statuses: []int{503}, ServerWide: true}, // FCGI: attempt to connect to Unix domain socket
	{Server: "apache", Fragment: ": attempt to connect to ", Cause: "backend-down", Statuses: []int{503}, ServerWide: true},
	{Server: "apache", Code: "AH01114", Cause: "backend-down", Statuses: []int{503}}, // HTTP: failed to make connection to backend
	{Server: "apache", Code: "AH01079", Cause: "backend-down", Statuses: []int{503}}, // FCGI: failed to make connection to backend
	{Server: "apache", Fragment: "failed to make connection to backend", Cause: "backend-down", Statuses: []int{503}},
	{Server: "apache", Code: "AH00959", Cause: "backend-down", Statuses: []int{503}, ServerWide: true}, // ap_proxy_connect_backend disabling worker
	{Server: "apache", Fragment: "disabling worker for", Cause: "backend-down", Statuses: []int{503}, ServerWide: true},
	{Server: "apache", Code: "AH00940", Cause: "backend-down", Statuses: []int{503}, ServerWide: true}, // %s: disabled connection for (%s)
	{Server: "apache", Fragment: "disabled connection for", Cause: "backend-down", Statuses: []int{503}, ServerWide: true},
	{Server: "apache", Code: "AH01170", Cause: "backend-down", Statuses: []int{503}}, // %s: All workers are in error state
	{Server: "apache", Code: "AH01167", Cause: "backend-down", Statuses: []int{503}}, // ... for route
	{Server: "apache", Code: "AH01171", Cause: "backend-down", Statuses: []int{503}}, // No workers in balancer
	{Server: "apache", Fragment: "All workers are in error state", Cause: "backend-down", Statuses: []int{503}},
	{Server: "apache", Code: "AH00898", Fragment: "DNS lookup failure for", Cause: "backend-down", Statuses: []int{502, 500}}, // 500 from 2.4.58
	{Server: "apache", Fragment: "DNS lookup failure for", Cause: "backend-down", Statuses: []int{502}},                       // 2.2

	// backend-bad-response: Apache mod_proxy_fcgi answers 503 where nginx gives 502.
	{Server: "nginx", Fragment: "upstream prematurely closed connection", Cause: "backend-bad-response", Statuses: []int{502}},
	{Server: "nginx", Fragment: "upstream sent invalid", Cause: "backend-bad-response", Statuses: []int{502}}, // header, status, chunked response
	{Server: "nginx", Fragment: "upstream sent no valid", Cause: "backend-bad-response", Statuses: []int{502}},
	{Server: "nginx", Fragment: "unsupported FastCGI protocol version", Cause: "backend-bad-response", Statuses: []int{502}}, // fastcgi_pass to a port that speaks HTTP (72 = 'H')
	{Server: "nginx", Fragment: "recv() failed", Errno: 104, Cause: "backend-bad-response", Statuses: []int{502}},
	{Server: "apache", Code: "AH01102", Cause: "backend-bad-response", Statuses: []int{502}}, // error reading status line from remote server
	{Server: "apache", Fragment: "error reading status line from remote server", Cause: "backend-bad-response", Statuses: []int{502}},
	{Server: "apache", Code: "AH00898", Cause: "backend-bad-response", Statuses: []int{502}}, // Error reading from remote server / Corrupt status line
	{Server: "apache", Fragment: "Error reading from remote server", Cause: "backend-bad-response", Statuses: []int{502}},
	{Server: "apache", Code: "AH01106", Cause: "backend-bad-response", Statuses: []int{502}}, // bad HTTP/%d.%d header returned by %s
	{Server: "apache", Code: "AH10404", Cause: "backend-bad-response", Statuses: []int{502}}, // Error reading headers from backend
	{Server: "apache", Code: "AH01084", Cause: "backend-bad-response", Statuses: []int{502}}, // pass request body failed
	{Server: "apache", Code: "AH01067", Cause: "backend-bad-response", Statuses: []int{503}}, // Failed to read FastCGI header
	{Server: "apache", Code: "AH01070", Cause: "backend-bad-response", Statuses: []int{503}}, // Error parsing script headers
	{Server: "apache", Code: "AH01075", Cause: "backend-bad-response", Statuses: []int{503}}, // Error dispatching request to %s

	// backend-header-too-big
	{Server: "nginx", Fragment: "upstream sent too big header", Cause: "backend-header-too-big", Statuses: []int{502}},
	{Server: "apache", Code: "AH10124", Cause: "backend-header-too-big", Statuses: []int{502}}, // header size is over the limit allowed by ResponseFieldSize

	// mpm-limits: Apache queues the excess connections instead of answering 503,
	// so the statuses are those of a proxy in front of it.
	{Server: "apache", Code: "AH00161", Cause: "mpm-limits", Statuses: []int{503, 502, 504}, ServerWide: true}, // prefork
	{Server: "apache", Code: "AH00286", Cause: "mpm-limits", Statuses: []int{503, 502, 504}, ServerWide: true}, // worker
	{Server: "apache", Code: "AH00484", Cause: "mpm-limits", Statuses: []int{503, 502, 504}, ServerWide: true}, // event
	{Server: "apache", Fragment: "server reached MaxRequestWorkers setting", Cause: "mpm-limits", Statuses: []int{503, 502, 504}, ServerWide: true},
	{Server: "apache", Fragment: "server reached MaxClients setting", Cause: "mpm-limits", Statuses: []int{503, 502, 504}, ServerWide: true}, // 2.2
	{Server: "apache", Code: "AH03490", Cause: "mpm-limits", Statuses: []int{503, 502, 504}, ServerWide: true},                               // scoreboard is full, not at MaxRequestWorkers
	{Server: "apache", Fragment: "scoreboard is full", Cause: "mpm-limits", Statuses: []int{503, 502, 504}, ServerWide: true},
	{Server: "apache", Code: "AH00287", Cause: "mpm-limits", Statuses: []int{503, 502, 504}, ServerWide: true}, // within MinSpareThreads of MaxRequestWorkers
	{Server: "apache", Code: "AH10159", Cause: "mpm-limits", Statuses: []int{503, 502, 504}, ServerWide: true},
	{Server: "apache", Code: "AH00288", Cause: "mpm-limits", Statuses: []int{503, 502, 504}, ServerWide: true},
	{Server: "apache", Fragment: "within MinSpareThreads of MaxRequestWorkers", Cause: "mpm-limits", Statuses: []int{503, 502, 504}, ServerWide: true},
	{Server: "nginx", Fragment: "worker_connections are not enough", Cause: "mpm-limits", Statuses: []int{500, 502, 503, 504}, ServerWide: true},

	// overload: EAGAIN on connect() to a unix socket is the backend's listen
	// queue overflowing, every worker busy: nginx answers 502.
	{Server: "nginx", Fragment: "connect() to ", Errno: 11, Cause: "overload", Statuses: []int{502}},
	{Server: "apache", Code: "AH00934", Cause: "overload", Statuses: []int{503}}, // all workers are busy.  Unable to serve %s
	{Server: "apache", Fragment: "all workers are busy", Cause: "overload", Statuses: []int{503}},

	// upstream-timeout: mod_proxy_http reports a read timeout as 502, the
	// APR error (70007)The timeout specified has expired telling it apart.
	{Server: "nginx", Fragment: "upstream timed out", Cause: "upstream-timeout", Statuses: []int{504}},
	{Server: "apache", Code: "AH01102", Errno: 70007, Cause: "upstream-timeout", Statuses: []int{502}},
	{Server: "apache", Fragment: "error reading status line from remote server", Errno: 70007, Cause: "upstream-timeout", Statuses: []int{502}},
	{Server: "apache", Code: "AH01075", Errno: 70007, Cause: "upstream-timeout", Statuses: []int{504}},
	{Server: "apache", Code: "AH01084", Errno: 70007, Cause: "upstream-timeout", Statuses: []int{504}},
	{Server: "apache", Code: "AH02460", Cause: "upstream-timeout", Statuses: []int{504, 502}}, // Forcing worker (%s) into error state due to timeout
	{Server: "apache", Code: "AH01220", Cause: "upstream-timeout", Statuses: []int{504}},      // Timeout waiting for output from CGI script
	{Server: "apache", Fragment: "Timeout waiting for output from CGI script", Cause: "upstream-timeout", Statuses: []int{504}},
	{Server: "apache", Fragment: "Script timed out before returning headers", Cause: "upstream-timeout", Statuses: []int{504}},

	// bad-http-version
	{Server: "nginx", Fragment: "client sent invalid version", Cause: "bad-http-version", Statuses: []int{505}},

	// insufficient-storage: WebDAV answers 507; a failed temporary-file write is a 500.
	{Fragment: "No space left on device", Cause: "insufficient-storage", Statuses: []int{507, 500}},
	{Errno: 28, Cause: "insufficient-storage", Statuses: []int{507, 500}}, // ENOSPC logged apart from the text
}

// Matcher finds the rule that best explains an error-log message. It is built
// once from a rule table by [NewMatcher] and is then safe for concurrent use.
//
// Match allocates nothing. Rules with an AH code are found through a map;
// fragments through their first four bytes, so that the message is scanned
// once whatever the number of fragments: at each position a bitmap of those
// four-byte keys rejects almost every window, and only the rest look in a map.
// On the benchmark's mix of messages this is five to eight times faster than
// calling bytes.Contains for every rule (BenchmarkMatchContains).
type Matcher struct {
	rules  []Rule
	frag   [][]byte           // frag[i] is rules[i].Fragment as bytes
	rank   []int32            // rank[i] orders rule i by specificity, 0 = most specific
	byCode map[string][]int32 // AH code → rules with that code
	// heads maps the first four bytes of a fragment (little-endian) to the
	// fragment-only rules starting with them; seen is a bitmap over
	// quadHash of its keys.
	heads     map[uint32][]int32
	seen      [1 << 16 / 64]uint64
	errnoOnly []int32 // rules that name only an errno
}

// NewMatcher indexes rules for [Matcher.Match]; the returned indices point
// into rules, which the caller must not change afterwards. It panics if a
// rule sets none of Code, Fragment and Errno, or has a Fragment shorter than
// four bytes: both are mistakes in a table, not in input.
func NewMatcher(rules []Rule) *Matcher {
	m := &Matcher{
		rules:  rules,
		frag:   make([][]byte, len(rules)),
		rank:   make([]int32, len(rules)),
		byCode: map[string][]int32{},
		heads:  map[uint32][]int32{},
	}
	order := make([]int, len(rules))
	for i, r := range rules {
		order[i] = i
		m.frag[i] = []byte(r.Fragment)
		switch {
		case r.Code == "" && r.Fragment == "" && r.Errno == 0:
			panic(fmt.Sprintf("analyze: rule %d (%s) matches every message", i, r.Cause))
		case r.Fragment != "" && len(r.Fragment) < 4:
			panic(fmt.Sprintf("analyze: rule %d (%s) has a fragment shorter than 4 bytes", i, r.Cause))
		case r.Code != "":
			m.byCode[r.Code] = append(m.byCode[r.Code], int32(i))
		case r.Fragment != "":
			k := binary.LittleEndian.Uint32(m.frag[i])
			m.heads[k] = append(m.heads[k], int32(i))
			h := quadHash(k)
			m.seen[h>>6] |= 1 << (h & 63)
		default:
			m.errnoOnly = append(m.errnoOnly, int32(i))
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return moreSpecific(rules[order[a]], rules[order[b]]) })
	for rank, i := range order {
		m.rank[i] = int32(rank)
	}
	return m
}

// moreSpecific reports whether a beats b: an AH code and a fragment beat a
// code alone, which beats a fragment alone, which beats an errno alone; then
// a longer fragment wins, then a rule that requires an errno.
func moreSpecific(a, b Rule) bool {
	if ka, kb := kind(a), kind(b); ka != kb {
		return ka > kb
	}
	if len(a.Fragment) != len(b.Fragment) {
		return len(a.Fragment) > len(b.Fragment)
	}
	return a.Errno != 0 && b.Errno == 0
}

func kind(r Rule) int {
	switch {
	case r.Code != "" && r.Fragment != "":
		return 3
	case r.Code != "":
		return 2
	case r.Fragment != "":
		return 1
	}
	return 0
}

// quadHash maps four bytes to a bit of Matcher.seen.
func quadHash(k uint32) uint32 { return (k * 0x9E3779B1) >> 16 }

// Match returns the index in the rule table of the most specific rule that
// matches an error message, or -1 when none does.
//
// code is the message's Apache AH code ("AH01630") or nil; errno is the OS or
// APR error number logged with it, or -1 when there is none; message is the
// message text without the line's prefixes. Match tolerates callers that
// leave these parts in the text: with a nil code it takes an "AHnnnnn:" found
// in message, and with a negative errno it takes Apache's leading "(13)" or
// nginx's "(13: ...)" from message. Errno numbers are Linux ones; the BSD and
// Windows numbers for the same errors match too. Match keeps no reference to
// its arguments.
func (m *Matcher) Match(code []byte, errno int, message []byte) int {
	if len(code) == 0 {
		code = findCode(message)
	}
	if errno < 0 {
		errno = findErrno(message)
	}
	best := -1
	if len(code) > 0 {
		for _, i := range m.byCode[string(code)] {
			if errnoMatches(m.rules[i].Errno, errno) && (len(m.frag[i]) == 0 || bytes.Contains(message, m.frag[i])) {
				best = m.better(best, int(i))
			}
		}
		if best >= 0 {
			return best
		}
	}
	for p := 0; p+4 <= len(message); p++ {
		k := binary.LittleEndian.Uint32(message[p:])
		if h := quadHash(k); m.seen[h>>6]&(1<<(h&63)) == 0 {
			continue
		}
		for _, i := range m.heads[k] {
			if bytes.HasPrefix(message[p:], m.frag[i]) && errnoMatches(m.rules[i].Errno, errno) {
				best = m.better(best, int(i))
			}
		}
	}
	if best >= 0 {
		return best
	}
	for _, i := range m.errnoOnly {
		if errnoMatches(m.rules[i].Errno, errno) {
			best = m.better(best, int(i))
		}
	}
	return best
}

// better returns whichever of the rule indices best and i ranks first;
// best may be -1.
func (m *Matcher) better(best, i int) int {
	if best < 0 || m.rank[i] < m.rank[best] {
		return i
	}
	return best
}

// errnoMatches reports whether a logged error number got satisfies a rule's
// want (Linux numbering, 0 = any). The same errors carry other numbers on the
// BSDs and macOS, and Apache on Windows logs Winsock codes ("(OS 10061)").
func errnoMatches(want, got int) bool {
	if want == 0 || got == want {
		return true
	}
	if got < 0 {
		return false
	}
	switch want {
	case 11: // EAGAIN
		return got == 35
	case 36: // ENAMETOOLONG
		return got == 63
	case 40: // ELOOP
		return got == 62
	case 104: // ECONNRESET
		return got == 54 || got == 10054
	case 110: // ETIMEDOUT
		return got == 60 || got == 10060
	case 111: // ECONNREFUSED
		return got == 61 || got == 10061
	}
	return false
}

// findCode returns the first "AHnnnnn" followed by ':' in message, or nil.
func findCode(message []byte) []byte {
	for p := 0; ; {
		i := bytes.Index(message[p:], []byte("AH"))
		if i < 0 {
			return nil
		}
		p += i
		if len(message)-p >= 8 && message[p+7] == ':' && allDigits(message[p+2:p+7]) {
			return message[p : p+7]
		}
		p += 2
	}
}

// findErrno returns the error number of Apache's "(13)Permission denied: "
// or, on Windows, "(OS 10061)No connection ..." at the start of message, or
// of nginx's " (13: Permission denied)" inside it; -1 when there is none.
func findErrno(message []byte) int {
	if len(message) > 2 && message[0] == '(' {
		start := 1
		if bytes.HasPrefix(message, []byte("(OS ")) {
			start = 4
		}
		if n, end := leadingNumber(message[start:]); end > 0 && start+end < len(message) && message[start+end] == ')' {
			return n
		}
	}
	for p := 0; ; {
		i := bytes.Index(message[p:], []byte(" ("))
		if i < 0 {
			return -1
		}
		p += i + 2
		if n, end := leadingNumber(message[p:]); end > 0 && p+end+1 < len(message) &&
			message[p+end] == ':' && message[p+end+1] == ' ' {
			return n
		}
	}
}

// leadingNumber parses up to 9 leading ASCII digits of b and returns the
// number and how many digits it read (0 when b does not start with a digit).
func leadingNumber(b []byte) (n, digits int) {
	for digits < len(b) && digits < 9 && '0' <= b[digits] && b[digits] <= '9' {
		n = n*10 + int(b[digits]-'0')
		digits++
	}
	return n, digits
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
