package secretsmanager

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// SecretAPI is the part of the Secrets Manager client the secret kind
// uses.
type SecretAPI interface {
	CreateSecret(ctx context.Context, in *secretsmanager.CreateSecretInput, optFns ...func(*secretsmanager.Options)) (*secretsmanager.CreateSecretOutput, error)
	DescribeSecret(ctx context.Context, in *secretsmanager.DescribeSecretInput, optFns ...func(*secretsmanager.Options)) (*secretsmanager.DescribeSecretOutput, error)
	DeleteSecret(ctx context.Context, in *secretsmanager.DeleteSecretInput, optFns ...func(*secretsmanager.Options)) (*secretsmanager.DeleteSecretOutput, error)
	ListSecrets(ctx context.Context, in *secretsmanager.ListSecretsInput, optFns ...func(*secretsmanager.Options)) (*secretsmanager.ListSecretsOutput, error)
	PutResourcePolicy(ctx context.Context, in *secretsmanager.PutResourcePolicyInput, optFns ...func(*secretsmanager.Options)) (*secretsmanager.PutResourcePolicyOutput, error)
	GetResourcePolicy(ctx context.Context, in *secretsmanager.GetResourcePolicyInput, optFns ...func(*secretsmanager.Options)) (*secretsmanager.GetResourcePolicyOutput, error)
}

// Secret is the secretsmanager.secret kind: a secret whose value is a
// JSON object with one key under the plan's field (Firehose reads
// {"api_key": "..."} for an HTTP endpoint and {"hec_token": "..."} for
// Splunk, https://docs.aws.amazon.com/firehose/latest/dev/secrets-manager-whats-secret.html).
// The value is random, or, when the plan names an environment variable
// (setting "valueEnv": a token someone else issued, Splunk's HEC token),
// read from it at deploy. It is held in memory, sent once in CreateSecret
// and forgotten: it is never an output, so never in the state, a plan or
// a file. An existing secret of the project is adopted with its value
// unchanged, so a re-deploy does not rotate the key under a running
// receiver. A secret the plan gives a resource policy (the one QuickSight
// reads, quicksight.SecretPolicy) gets exactly that policy, public ones
// refused (BlockPublicPolicy).
type Secret struct {
	c SecretAPI
	// random fills b with random bytes; crypto/rand unless a test says
	// otherwise.
	random func(b []byte) error
	// lookupEnv reads an environment variable; os.LookupEnv unless a test
	// says otherwise.
	lookupEnv func(string) (string, bool)
}

// NewSecret returns the secret kind on c.
func NewSecret(c SecretAPI) *Secret {
	return &Secret{c: c, random: func(b []byte) error { _, err := rand.Read(b); return err }, lookupEnv: os.LookupEnv}
}

var (
	_ service.Prechecker = (*Secret)(nil)
	_ service.Typed      = (*Secret)(nil)
)

// SecretSettings are a secret's settings, as the planners of the kinds
// that read it write them (Redshift, QuickSight, the HTTP endpoint,
// Splunk).
type SecretSettings struct {
	Field       string `setting:"field"`    // the JSON field the value is under
	Username    string `setting:"username"` // a database user's secret: the value is its password
	Description string `setting:"description"`
	ValueEnv    string `setting:"valueEnv"`  // the environment variable the value comes from; empty: random
	ValueWhat   string `setting:"valueWhat"` // what ValueEnv holds, for the message when it is not set
}

// NewSettings implements service.Typed.
func (*Secret) NewSettings() any { return &SecretSettings{} }

// Precheck implements service.Prechecker: every secret of the plan whose
// value comes from an environment variable needs it set, or deploy
// stops before it creates anything, saying what to set.
func (s *Secret) Precheck(_ context.Context, _ service.Env, p *plan.Plan) error {
	var errs []error
	for _, r := range p.Resources {
		if r.Kind != plan.KindSecret {
			continue
		}
		set, err := service.DecodeFor[SecretSettings](plan.KindSecret, r.Name, r.Settings)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if set.ValueEnv == "" {
			continue
		}
		if _, err := s.fromEnv(r.Name, set); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// fromEnv is the value of secret name read from the environment variable
// its settings name.
func (s *Secret) fromEnv(name string, set *SecretSettings) (string, error) {
	env := set.ValueEnv
	v, _ := s.lookupEnv(env)
	if v == "" {
		return "", fmt.Errorf("%s is not set: set it to %s with `export %s=...`, then deploy again (wireup stores it in secret %s and never writes it to wireup.yaml, the state or a file)", env, set.ValueWhat, env, name)
	}
	return v, nil
}

// value is the secret's value: from the environment when the plan says
// so, else random.
func (s *Secret) value(r *plan.Resource, set *SecretSettings) (string, error) {
	if set.ValueEnv != "" {
		return s.fromEnv(r.Name, set)
	}
	key := make([]byte, KeyBytes)
	if err := s.random(key); err != nil {
		return "", fmt.Errorf("generate the value of secret %s: %w", r.Name, err)
	}
	return hex.EncodeToString(key), nil
}

var _ service.Lister = (*Secret)(nil)

// Always implements service.Lister: secrets are listed only when the
// plan has one.
func (*Secret) Always() bool { return false }

// List implements service.Lister: every page of the secrets tagged as the
// project's (ListSecrets returns each one's tags), without those already
// scheduled for deletion.
func (s *Secret) List(ctx context.Context, p *plan.Plan) ([]service.Listed, error) {
	pg := secretsmanager.NewListSecretsPaginator(s.c, &secretsmanager.ListSecretsInput{
		Filters: []smtypes.Filter{{Key: smtypes.FilterNameStringTypeTagKey, Values: []string{plan.TagProject}}}})
	return service.Collect(ctx, pg.HasMorePages, pg.NextPage, func(page *secretsmanager.ListSecretsOutput) (out []service.Listed) {
		for _, e := range page.SecretList {
			if e.DeletedDate != nil {
				continue
			}
			name, tags := aws.ToString(e.Name), service.TagsOf(e.Tags, smTag)
			out = append(out, service.Listed{Name: name, Outputs: map[string]string{"name": name, "arn": aws.ToString(e.ARN)},
				Tags: func(context.Context) (map[string]string, error) { return tags, nil }})
		}
		return out
	})
}

// Kind implements service.Provider.
func (*Secret) Kind() plan.Kind { return plan.KindSecret }

// KeyBytes is the size of a generated key: 32 random bytes, 64 hex digits.
const KeyBytes = 32

// Ensure implements service.Provider.
func (s *Secret) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	p, r := req.Plan, req.Resource
	set, err := service.DecodeFor[SecretSettings](plan.KindSecret, r.Name, req.Inputs)
	if err != nil {
		return nil, err
	}
	v, err := s.value(r, set)
	if err != nil {
		return nil, err
	}
	value, err := json.Marshal(secretValue(set, v))
	if err != nil {
		return nil, err
	}
	in := &secretsmanager.CreateSecretInput{Name: aws.String(r.Name), SecretString: aws.String(string(value)),
		Description: aws.String(set.Description)}
	in.Tags = service.TagList(p, func(k, v *string) smtypes.Tag { return smtypes.Tag{Key: k, Value: v} })
	out, err := s.c.CreateSecret(ctx, in)
	switch {
	case err == nil:
		arn := aws.ToString(out.ARN)
		outputs := map[string]string{"name": r.Name, "arn": arn}
		req.Created(outputs)
		return outputs, s.putPolicy(ctx, r, arn)
	case service.ErrorCode(err) != "ResourceExistsException":
		return nil, fmt.Errorf("create secret: %w", err)
	}
	d, err := s.c.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(r.Name)})
	if err != nil {
		return nil, fmt.Errorf("read existing secret %s: %w", r.Name, err)
	}
	if d.DeletedDate != nil {
		return nil, fmt.Errorf("create secret: %s is scheduled for deletion. Delete it now with `aws secretsmanager delete-secret --secret-id %s --force-delete-without-recovery` (or restore it), then deploy again", r.Name, r.Name)
	}
	if !req.Owns(service.TagsOf(d.Tags, smTag)) {
		return nil, fmt.Errorf("create secret: %s exists and is not tagged %s=%s: %w. Rename it in wireup.yaml", r.Name, plan.TagProject, p.Project, service.ErrNameTaken)
	}
	return map[string]string{"name": r.Name, "arn": aws.ToString(d.ARN)}, s.putPolicy(ctx, r, aws.ToString(d.ARN))
}

// putPolicy puts the secret's planned resource policy, if it has one,
// with BlockPublicPolicy: Secrets Manager then refuses a policy that
// would let anyone outside the account read the secret
// (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutResourcePolicy.html).
// A policy naming a principal that does not exist is refused with
// MalformedPolicyDocumentException; the policy's first note says what to
// do then.
func (s *Secret) putPolicy(ctx context.Context, r *plan.Resource, arn string) error {
	if len(r.Policy) == 0 {
		return nil
	}
	_, err := s.c.PutResourcePolicy(ctx, &secretsmanager.PutResourcePolicyInput{SecretId: aws.String(arn), ResourcePolicy: aws.String(string(r.Policy)), BlockPublicPolicy: aws.Bool(true)})
	switch {
	case err == nil:
		return nil
	case service.ErrorCode(err) == "MalformedPolicyDocumentException" && len(r.Notes) > 0:
		return fmt.Errorf("put the resource policy of secret %s: %w. %s", r.Name, err, r.Notes[0])
	}
	return fmt.Errorf("put the resource policy of secret %s: %w", r.Name, err)
}

func smTag(t smtypes.Tag) (*string, *string) { return t.Key, t.Value }

// secretValue is the secret's JSON object: the value v (a random key,
// hex-encoded, or what the environment gave) under the plan's field; with
// a username (a database user's secret,
// {"username": ..., "password": ...} as Firehose reads it for Redshift,
// https://docs.aws.amazon.com/firehose/latest/dev/using-secrets-manager.html)
// the key is a password Redshift accepts: 8 to 64 printable characters
// with an upper-case letter, a lower-case letter and a digit
// (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_USER.html),
// here "Wx7" and the first 48 characters of v.
func secretValue(in *SecretSettings, v string) map[string]string {
	u := in.Username
	if u == "" {
		return map[string]string{in.Field: v}
	}
	return map[string]string{"username": u, in.Field: "Wx7" + v[:min(len(v), 48)]}
}

// Exists implements service.Provider: a secret scheduled for deletion is
// gone.
func (s *Secret) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	d, err := s.c.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(secretID(rec))})
	if err != nil {
		return service.Exists(err)
	}
	return d.DeletedDate == nil, nil
}

// Drift implements service.Provider: wireup never reads the value back;
// a planned resource policy that is gone or edited is drift (the next
// deploy puts it back).
func (s *Secret) Drift(ctx context.Context, _ service.Env, r *plan.Resource, rec *service.Record) (string, error) {
	if r == nil || len(r.Policy) == 0 {
		return "", nil
	}
	out, err := s.c.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: aws.String(secretID(rec))})
	if err != nil {
		return "", fmt.Errorf("read the resource policy of secret %s: %w", rec.Name, err)
	}
	switch {
	case aws.ToString(out.ResourcePolicy) == "":
		return "its resource policy is gone", nil
	case !service.SamePolicy(aws.ToString(out.ResourcePolicy), r.Policy):
		return "its resource policy differs from the plan's", nil
	}
	return "", nil
}

// Delete implements service.Provider. It deletes the secret at once,
// without Secrets Manager's 7-30 day recovery window
// (ForceDeleteWithoutRecovery,
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html):
// a secret in its window keeps its name taken, so the next deploy could
// not create it, and destroy leaves nothing behind. Destroy says so before
// it asks.
func (s *Secret) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	_, err := s.c.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{SecretId: aws.String(secretID(rec)), ForceDeleteWithoutRecovery: aws.Bool(true)})
	return err
}

// secretID is the recorded secret's ARN, or its name.
func secretID(rec *service.Record) string {
	if a := rec.Outputs["arn"]; a != "" {
		return a
	}
	return rec.Name
}
