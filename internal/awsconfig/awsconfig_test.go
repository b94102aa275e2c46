package awsconfig

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/google/go-cmp/cmp"
)

// isolate points the SDK at empty shared config files and clears every
// variable Load looks at, so tests see neither the developer's ~/.aws nor an
// emulator endpoint exported in the shell.
func isolate(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	for _, k := range []string{
		"AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE",
		"AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
		"AWS_SESSION_TOKEN", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
	} {
		t.Setenv(k, "")
	}
}

func TestLoad(t *testing.T) {
	type want struct {
		Target Target
		// Creds is the access key ID Retrieve returns; "" means the test
		// does not retrieve because the SDK chain would be used.
		Creds string
	}
	tests := []struct {
		name    string
		env     map[string]string
		opts    Options
		want    want
		wantErr string
	}{
		{
			name: "endpoint option, nothing configured: test creds and default region",
			opts: Options{Endpoint: "http://127.0.0.1:5000"},
			want: want{Target: Target{Endpoint: "http://127.0.0.1:5000", Region: "us-east-1", IsEmulator: true}, Creds: "test"},
		},
		{
			name: "AWS_ENDPOINT_URL read by the SDK",
			env:  map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:4566"},
			want: want{Target: Target{Endpoint: "http://127.0.0.1:4566", Region: "us-east-1", IsEmulator: true}, Creds: "test"},
		},
		{
			name: "endpoint option wins over AWS_ENDPOINT_URL",
			env:  map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:4566"},
			opts: Options{Endpoint: "http://127.0.0.1:5000"},
			want: want{Target: Target{Endpoint: "http://127.0.0.1:5000", Region: "us-east-1", IsEmulator: true}, Creds: "test"},
		},
		{
			name: "region option wins over AWS_REGION and the emulator default",
			env:  map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_REGION": "eu-west-1"},
			opts: Options{Region: "ap-southeast-2"},
			want: want{Target: Target{Endpoint: "http://127.0.0.1:4566", Region: "ap-southeast-2", IsEmulator: true}, Creds: "test"},
		},
		{
			name: "AWS_REGION kept for emulators",
			env:  map[string]string{"AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_REGION": "eu-west-1"},
			want: want{Target: Target{Endpoint: "http://127.0.0.1:4566", Region: "eu-west-1", IsEmulator: true}, Creds: "test"},
		},
		{
			name: "explicit keys kept for emulators",
			env: map[string]string{
				"AWS_ENDPOINT_URL":      "http://localhost:4566",
				"AWS_ACCESS_KEY_ID":     "AKIDLOCAL",
				"AWS_SECRET_ACCESS_KEY": "secret",
			},
			want: want{Target: Target{Endpoint: "http://localhost:4566", Region: "us-east-1", IsEmulator: true}, Creds: "AKIDLOCAL"},
		},
		{
			name: "real AWS uses the SDK chain",
			env: map[string]string{
				"AWS_REGION":            "eu-central-1",
				"AWS_ACCESS_KEY_ID":     "AKIDREAL",
				"AWS_SECRET_ACCESS_KEY": "secret",
			},
			want: want{Target: Target{Region: "eu-central-1"}, Creds: "AKIDREAL"},
		},
		{
			name:    "real AWS without a region",
			wantErr: "no AWS region configured",
		},
		{
			name:    "endpoint option without scheme",
			opts:    Options{Endpoint: "127.0.0.1:4566"},
			wantErr: `invalid endpoint "127.0.0.1:4566"`,
		},
		{
			name:    "AWS_ENDPOINT_URL without host",
			env:     map[string]string{"AWS_ENDPOINT_URL": "http://:4566"},
			wantErr: `invalid AWS_ENDPOINT_URL "http://:4566"`,
		},
		{
			name:    "unknown profile",
			opts:    Options{Profile: "does-not-exist", Endpoint: "http://127.0.0.1:4566"},
			wantErr: "does-not-exist",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			cfg, err := Load(t.Context(), tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load() error = %v", err)
			}
			got := want{Target: TargetOf(cfg)}
			creds, err := cfg.Credentials.Retrieve(t.Context())
			if err != nil {
				t.Fatalf("Retrieve credentials: %v", err)
			}
			got.Creds = creds.AccessKeyID
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Load() mismatch (-want +got):\n%s", diff)
			}
			if _, ok := cfg.Retryer().(*retry.Standard); !ok {
				t.Errorf("Retryer() = %T, want *retry.Standard", cfg.Retryer())
			}
		})
	}
}

func TestLoadProfileSkipsTestCredentials(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	creds := filepath.Join(dir, "credentials")
	writeFile(t, creds, "[local]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = secret\n")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)

	cfg, err := Load(t.Context(), Options{Endpoint: "http://127.0.0.1:4566", Profile: "local"})
	if err != nil {
		t.Fatalf("Load() error = %v", err)
	}
	got, err := cfg.Credentials.Retrieve(t.Context())
	if err != nil {
		t.Fatalf("Retrieve credentials: %v", err)
	}
	if got.AccessKeyID != "AKIDPROFILE" {
		t.Errorf("AccessKeyID = %q, want the profile's AKIDPROFILE", got.AccessKeyID)
	}
}

func TestUseTestCredentials(t *testing.T) {
	tests := []struct {
		name     string
		endpoint string
		profile  string
		env      map[string]string
		want     bool
	}{
		{name: "real AWS", want: false},
		{name: "real AWS with keys", env: map[string]string{"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}, want: false},
		{name: "emulator, nothing configured", endpoint: "http://127.0.0.1:5000", want: true},
		{name: "emulator, explicit keys", endpoint: "http://127.0.0.1:5000", env: map[string]string{"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}, want: false},
		{name: "emulator, half a key pair", endpoint: "http://127.0.0.1:5000", env: map[string]string{"AWS_ACCESS_KEY_ID": "a"}, want: true},
		{name: "emulator, profile option", endpoint: "http://127.0.0.1:5000", profile: "local", want: false},
		{name: "emulator, AWS_PROFILE", endpoint: "http://127.0.0.1:5000", env: map[string]string{"AWS_PROFILE": "local"}, want: false},
		{name: "emulator, ambient web identity is ignored", endpoint: "http://127.0.0.1:5000", env: map[string]string{"AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/token"}, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			if got := useTestCredentials(tt.endpoint, tt.profile, getenv); got != tt.want {
				t.Errorf("useTestCredentials(%q, %q) = %v, want %v", tt.endpoint, tt.profile, got, tt.want)
			}
		})
	}
}

func TestTargetString(t *testing.T) {
	tests := []struct {
		target Target
		want   string
	}{
		{Target{Region: "eu-west-1"}, "AWS (eu-west-1)"},
		{Target{Endpoint: "http://127.0.0.1:4566", Region: "us-east-1", IsEmulator: true}, "emulator at http://127.0.0.1:4566 (us-east-1)"},
	}
	for _, tt := range tests {
		if got := tt.target.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.target, got, tt.want)
		}
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
