// Package awsfake holds stand-ins for an emulator that tests of the
// commands run against: an endpoint that answers target detection and STS,
// and enough of SQS to deploy, inspect and verify a project of queues.
// Only tests import it.
package awsfake

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

// Endpoint stands in for an emulator: it answers the probes
// targets.Detect sends as the named kind and STS GetCallerIdentity with a
// fixed account, and counts the STS calls so a test can tell which endpoint
// a command went to. The listings every status and destroy makes (IAM
// roles, Lambda functions, S3 buckets, SNS topics) answer an account
// without any; SQS answers what SQS holds.
type Endpoint struct {
	URL     string
	Account string
	calls   atomic.Int64
	// SQS, when set, answers SQS calls (see NewSQS).
	SQS *SQS
}

// Calls is the number of STS requests the endpoint answered.
func (f *Endpoint) Calls() int { return int(f.calls.Load()) }

// NewEndpoint starts a fake answering as kind ("moto" or "kumo").
func NewEndpoint(t testing.TB, kind string) *Endpoint {
	t.Helper()
	f := &Endpoint{Account: "123456789012"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/moto-api/" && kind == "moto":
			io.WriteString(w, "<html>moto</html>")
		case r.Method == http.MethodGet && r.URL.Path == "/health" && kind == "kumo":
			io.WriteString(w, `{"status":"healthy"}`)
		case r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("X-Amz-Target"), "AmazonSQS.") && f.SQS != nil:
			f.SQS.serve(w, r, f.Account)
		case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/2015-03-31/functions"):
			// Lambda ListFunctions: an account without functions.
			io.WriteString(w, `{"Functions":[]}`)
		case r.Method == http.MethodGet && r.URL.Path == "/":
			// S3 ListBuckets: an account without buckets.
			w.Header().Set("Content-Type", "application/xml")
			io.WriteString(w, `<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Buckets></Buckets></ListAllMyBucketsResult>`)
		case r.Method == http.MethodPost:
			body, _ := io.ReadAll(r.Body)
			form := string(body)
			w.Header().Set("Content-Type", "text/xml")
			switch {
			case strings.Contains(form, "Action=GetCallerIdentity"):
				f.calls.Add(1)
				fmt.Fprintf(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult><Arn>arn:aws:iam::%[1]s:user/test</Arn><UserId>AIDATEST</UserId><Account>%[1]s</Account></GetCallerIdentityResult>
  <ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`, f.Account)
			case strings.Contains(form, "Action=ListRoles"):
				// IAM: an account without roles.
				io.WriteString(w, `<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult><IsTruncated>false</IsTruncated><Roles></Roles></ListRolesResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></ListRolesResponse>`)
			case strings.Contains(form, "Action=ListTopics"):
				// SNS: an account without topics.
				io.WriteString(w, `<ListTopicsResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ListTopicsResult><Topics></Topics></ListTopicsResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></ListTopicsResponse>`)
			default:
				http.Error(w, "not faked: "+form, http.StatusBadRequest)
			}
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
