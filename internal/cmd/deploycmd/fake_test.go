package deploycmd

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// FakeEndpoint stands in for an emulator: it answers the probes
// targets.Detect sends as the named kind and STS GetCallerIdentity with a
// fixed account, and counts the STS calls so a test can tell which endpoint
// a command went to. It is exported for the CLI tests of package
// deploycmd_test.
type FakeEndpoint struct {
	URL     string
	Account string
	calls   atomic.Int64
	// SQS, when set, answers SQS calls (see NewFakeSQS).
	SQS *FakeSQS
}

// Calls is the number of STS requests the endpoint answered.
func (f *FakeEndpoint) Calls() int { return int(f.calls.Load()) }

// NewFakeEndpoint starts a fake answering as kind ("moto" or "kumo").
func NewFakeEndpoint(t testing.TB, kind string) *FakeEndpoint {
	t.Helper()
	f := &FakeEndpoint{Account: "123456789012"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/moto-api/" && kind == "moto":
			io.WriteString(w, "<html>moto</html>")
		case r.Method == http.MethodGet && r.URL.Path == "/health" && kind == "kumo":
			io.WriteString(w, `{"status":"healthy"}`)
		case r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("X-Amz-Target"), "AmazonSQS.") && f.SQS != nil:
			f.SQS.serve(w, r, f.Account)
		case r.Method == http.MethodPost:
			body, _ := io.ReadAll(r.Body)
			if !strings.Contains(string(body), "Action=GetCallerIdentity") {
				http.Error(w, "only GetCallerIdentity", http.StatusBadRequest)
				return
			}
			f.calls.Add(1)
			w.Header().Set("Content-Type", "text/xml")
			fmt.Fprintf(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult><Arn>arn:aws:iam::%[1]s:user/test</Arn><UserId>AIDATEST</UserId><Account>%[1]s</Account></GetCallerIdentityResult>
  <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`, f.Account)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// IsolateAWS clears every variable the AWS SDK and wireup read and points
// the shared config files at nothing, so a test sees neither the
// developer's ~/.aws nor an emulator exported in the shell, and a command
// that wrongly went to real AWS fails for want of credentials instead of
// calling it.
func IsolateAWS(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
		"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "WIREUP_TARGET"} {
		t.Setenv(k, "")
	}
}
