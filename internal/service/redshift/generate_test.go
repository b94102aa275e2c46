package redshift

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wireup/wireup/internal/spec"
)

// On a Firehose route cmd/sql creates Firehose's user with its secret's
// password before it grants the user INSERT, on either warehouse, so the
// runner reads that secret and signs in as the admin; a route that creates
// no user reads no secret.
func TestSQLCreatesFirehoseUser(t *testing.T) {
	for _, tt := range []struct {
		name        string
		route       []string
		provisioned bool
		secrets     []string
		admin       string
	}{
		{"firehose serverless", []string{"app-to-firehose", "firehose-to-redshift"}, false, []string{"demo-redshift-firehose"}, "redshift!demo-ns-admin"},
		{"firehose provisioned", []string{"app-to-firehose", "firehose-to-redshift"}, true, []string{"demo-redshift-firehose"}, "redshift!demo-cluster-admin"},
		{"copy", []string{"app-to-firehose", "firehose-to-s3", "s3-to-redshift"}, false, nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := specFor(t, tt.route...)
			if tt.provisioned {
				s.Redshift.Mode = spec.RedshiftProvisioned
			}
			in := SQLInputFor(s)
			if d := cmp.Diff(tt.secrets, in.UserSecrets); d != "" || in.AdminSecret != tt.admin {
				t.Errorf("user secrets (-want +got):\n%s\nadmin secret %q, want %q", d, in.AdminSecret, tt.admin)
			}
			steps := Steps(s)
			create := slices.IndexFunc(steps, func(st string) bool {
				return strings.HasPrefix(st, "create Firehose's database user firehose with the password of secret")
			})
			grant := slices.IndexFunc(steps, func(st string) bool { return strings.HasPrefix(st, "grant it INSERT") })
			if (tt.secrets != nil) != (create >= 0 && create < grant) {
				t.Errorf("steps %q: want Firehose's user created before its grant: %v", steps, tt.secrets != nil)
			}
		})
	}
}
