// Package awsconfig builds the single aws.Config that every AWS call in
// wireup goes through, so that real AWS, LocalStack and the local emulators
// (moto, kumo) are selected in exactly one place.
//
// The target is chosen by an explicit endpoint (the --endpoint flag, passed
// as Options.Endpoint) or by the AWS_ENDPOINT_URL environment variable, which
// the SDK reads itself. With an endpoint and no credentials of the user's
// own, static test credentials are used in memory and the region defaults to
// us-east-1, so a fresh machine can talk to an emulator with no AWS setup.
//
// Every call is bounded (Limits): connect, TLS handshake, the wait for an
// answer and the whole attempt, each sized so that the slowest call that
// works (a Lambda zip upload, an SQS long poll) still succeeds, while an
// endpoint that accepts connections and never answers fails the call with
// a TimeoutError naming the endpoint.
package awsconfig

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// EmulatorRegion is the region used against an emulator when none is
// configured. Emulators accept any region; us-east-1 is the one that needs
// no S3 LocationConstraint.
const EmulatorRegion = "us-east-1"

// Test credentials for emulators. LocalStack, moto and kumo accept any key;
// "test" is the value their documentation uses.
const (
	emulatorAccessKeyID     = "test"
	emulatorSecretAccessKey = "test"
)

// Options selects the AWS target. The zero value means "whatever the
// environment and the shared config files say", exactly like the AWS CLI.
type Options struct {
	// Endpoint overrides AWS_ENDPOINT_URL for every service, e.g.
	// http://127.0.0.1:4566 for LocalStack or kumo.
	Endpoint string
	// Region overrides AWS_REGION, AWS_DEFAULT_REGION and the profile's region.
	Region string
	// Profile selects a shared config profile instead of AWS_PROFILE.
	Profile string
	// Limits bound every call; the zero value takes the defaults.
	Limits Limits
}

// Target describes where a loaded configuration sends requests. Commands
// print it before any mutating call.
type Target struct {
	// Endpoint is the custom base endpoint, empty for real AWS.
	Endpoint string
	// Region is the configured region.
	Region string
	// IsEmulator reports whether requests go to a custom endpoint
	// (LocalStack or an emulator) rather than to AWS.
	IsEmulator bool
}

// String renders the target for humans, e.g.
// "emulator at http://127.0.0.1:4566 (us-east-1)" or "AWS (eu-west-1)".
func (t Target) String() string {
	if t.IsEmulator {
		return fmt.Sprintf("emulator at %s (%s)", t.Endpoint, t.Region)
	}
	return fmt.Sprintf("AWS (%s)", t.Region)
}

// TargetOf reports where cfg sends requests.
func TargetOf(cfg aws.Config) Target {
	t := Target{Region: cfg.Region}
	if cfg.BaseEndpoint != nil && *cfg.BaseEndpoint != "" {
		t.Endpoint = *cfg.BaseEndpoint
		t.IsEmulator = true
	}
	return t
}

// Load builds the aws.Config for the whole tool. It uses the SDK's standard
// retryer, bounds every call by o.Limits (no call waits forever for an
// endpoint that does not answer), and for a custom endpoint it falls back to
// in-memory test credentials and the us-east-1 region when the user
// configured neither.
func Load(ctx context.Context, o Options) (aws.Config, error) {
	if o.Endpoint != "" {
		if err := CheckEndpoint(o.Endpoint); err != nil {
			return aws.Config{}, fmt.Errorf("invalid endpoint %q: %w. Use a URL such as http://127.0.0.1:4566", o.Endpoint, err)
		}
	}

	loadOpts := o.Limits.withDefaults().loadOptions()
	if o.Region != "" {
		loadOpts = append(loadOpts, config.WithRegion(o.Region))
	}
	if o.Profile != "" {
		loadOpts = append(loadOpts, config.WithSharedConfigProfile(o.Profile))
	}

	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	var noProfile config.SharedConfigProfileNotExistError
	if errors.As(err, &noProfile) {
		return aws.Config{}, &ProfileError{Profile: noProfile.Profile, Known: profilesIn(append(sharedFiles(os.Getenv), noProfile.Filename...))}
	}
	if err != nil {
		return aws.Config{}, fmt.Errorf("load AWS configuration: %w", err)
	}

	// The SDK has already put AWS_ENDPOINT_URL (or the profile's
	// endpoint_url) into BaseEndpoint; an explicit option wins over both.
	if o.Endpoint != "" {
		cfg.BaseEndpoint = aws.String(o.Endpoint)
	} else if cfg.BaseEndpoint != nil {
		if err := CheckEndpoint(*cfg.BaseEndpoint); err != nil {
			return aws.Config{}, fmt.Errorf("invalid AWS_ENDPOINT_URL %q: %w. Use a URL such as http://127.0.0.1:4566", *cfg.BaseEndpoint, err)
		}
	}

	endpoint := ""
	if cfg.BaseEndpoint != nil {
		endpoint = *cfg.BaseEndpoint
	}
	if useTestCredentials(endpoint, o.Profile, os.Getenv) {
		cfg.Credentials = aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(emulatorAccessKeyID, emulatorSecretAccessKey, ""))
	}
	if cfg.Region == "" {
		if endpoint == "" {
			return aws.Config{}, fmt.Errorf("no AWS region configured. Pass --region, set AWS_REGION, or set a region in your AWS profile")
		}
		cfg.Region = EmulatorRegion
	}
	return cfg, nil
}

// useTestCredentials reports whether static test credentials replace the
// SDK's credential chain: only for a custom endpoint, and only when the user
// chose neither explicit keys nor a profile. Ambient credentials such as an
// expired SSO session or an instance role must not break emulator runs.
func useTestCredentials(endpoint, profile string, getenv func(string) string) bool {
	if endpoint == "" {
		return false
	}
	if getenv("AWS_ACCESS_KEY_ID") != "" && getenv("AWS_SECRET_ACCESS_KEY") != "" {
		return false
	}
	if profile != "" || getenv("AWS_PROFILE") != "" {
		return false
	}
	return true
}

// ProfileError is a --profile or AWS_PROFILE that no shared config or
// credentials file defines.
type ProfileError struct {
	Profile string
	Known   []string // the profiles the files define, sorted
}

func (e *ProfileError) Error() string {
	if len(e.Known) == 0 {
		return fmt.Sprintf("AWS profile %q does not exist, and no profile is defined in ~/.aws/config or ~/.aws/credentials: run `aws configure --profile %s` or `aws configure sso`, or drop --profile and AWS_PROFILE", e.Profile, e.Profile)
	}
	return fmt.Sprintf("AWS profile %q does not exist; the profiles there are: %s. Pass one of them with --profile (or AWS_PROFILE), or create it with `aws configure --profile %s`",
		e.Profile, strings.Join(e.Known, ", "), e.Profile)
}

// Profiles lists the profiles that the shared config and credentials files
// define, sorted: what --profile accepts (shell completion offers them).
func Profiles(getenv func(string) string) []string { return profilesIn(sharedFiles(getenv)) }

// sharedFiles are the shared config and credentials files the SDK reads
// (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE move them).
func sharedFiles(getenv func(string) string) []string {
	cfg, creds := getenv("AWS_CONFIG_FILE"), getenv("AWS_SHARED_CREDENTIALS_FILE")
	if cfg == "" {
		cfg = config.DefaultSharedConfigFilename()
	}
	if creds == "" {
		creds = config.DefaultSharedCredentialsFilename()
	}
	return []string{cfg, creds}
}

// profilesIn lists the profiles the shared files define: "[profile NAME]"
// or "[default]" sections in a config file, "[NAME]" in a credentials file
// (the SDK's rules, https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html).
// A file that cannot be read defines none.
func profilesIn(files []string) []string {
	seen := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if !strings.HasPrefix(line, "[") || !strings.HasSuffix(line, "]") {
				continue
			}
			name := strings.TrimSpace(line[1 : len(line)-1])
			if rest, ok := strings.CutPrefix(name, "profile "); ok {
				name = strings.TrimSpace(rest)
			} else if strings.Contains(name, " ") {
				continue // [sso-session x], [services x]
			}
			if name != "" {
				seen[name] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// CheckEndpoint rejects endpoints the SDK would only fail on at the first
// request, with a less helpful message. It is the one endpoint rule: Load
// applies it to --endpoint and AWS_ENDPOINT_URL, and the wizard to the URL
// it asks for.
func CheckEndpoint(endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("scheme must be http or https")
	}
	if u.Host == "" || strings.HasPrefix(u.Host, ":") {
		return errors.New("missing host")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("port %s is not between 1 and 65535", p)
		}
	}
	return nil
}
