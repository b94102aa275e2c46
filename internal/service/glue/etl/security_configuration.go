package etl

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	gluetypes "github.com/aws/aws-sdk-go-v2/service/glue/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// SecurityConfigurationAPI is the part of the Glue client the security
// configuration kind uses.
type SecurityConfigurationAPI interface {
	CreateSecurityConfiguration(ctx context.Context, in *glue.CreateSecurityConfigurationInput, optFns ...func(*glue.Options)) (*glue.CreateSecurityConfigurationOutput, error)
	GetSecurityConfiguration(ctx context.Context, in *glue.GetSecurityConfigurationInput, optFns ...func(*glue.Options)) (*glue.GetSecurityConfigurationOutput, error)
	DeleteSecurityConfiguration(ctx context.Context, in *glue.DeleteSecurityConfigurationInput, optFns ...func(*glue.Options)) (*glue.DeleteSecurityConfigurationOutput, error)
}

// SecurityConfiguration is the glue.security-configuration kind: what the
// job writes to S3 is encrypted (SSE-S3, or SSE-KMS with the bucket's
// key). A security configuration carries no tags and cannot be updated
// (https://docs.aws.amazon.com/glue/latest/webapi/API_CreateSecurityConfiguration.html):
// one the state does not record is never adopted, and a changed one is
// deleted and created again.
type SecurityConfiguration struct {
	c SecurityConfigurationAPI
	// Wait is the first wait before a create whose answer was lost is
	// tried again; it grows by itself with each attempt.
	Wait time.Duration
}

// NewSecurityConfiguration returns the kind on c.
func NewSecurityConfiguration(c SecurityConfigurationAPI) *SecurityConfiguration {
	return &SecurityConfiguration{c: c, Wait: time.Second}
}

var _ service.Typed = (*SecurityConfiguration)(nil)

// SecurityConfigurationSettings are a security configuration's settings,
// as Plan writes them: the ARN of the KMS key of the job's output, or ""
// for SSE-S3.
type SecurityConfigurationSettings struct {
	KMSKey string `setting:"kmsKey"`
}

// NewSettings implements service.Typed.
func (*SecurityConfiguration) NewSettings() any { return &SecurityConfigurationSettings{} }

// Kind implements service.Provider.
func (*SecurityConfiguration) Kind() plan.Kind { return KindSecurityConfiguration }

// encryptionConfiguration is S3 encryption of the job's output; Glue's
// CloudWatch log and bookmark encryption need a KMS key wireup does not
// create, so they stay off (said in the README).
func encryptionConfiguration(in *SecurityConfigurationSettings) *gluetypes.EncryptionConfiguration {
	s3 := gluetypes.S3Encryption{S3EncryptionMode: gluetypes.S3EncryptionModeSses3}
	if k := in.KMSKey; k != "" {
		s3 = gluetypes.S3Encryption{S3EncryptionMode: gluetypes.S3EncryptionModeSsekms, KmsKeyArn: aws.String(k)}
	}
	return &gluetypes.EncryptionConfiguration{S3Encryption: []gluetypes.S3Encryption{s3},
		CloudWatchEncryption:   &gluetypes.CloudWatchEncryption{CloudWatchEncryptionMode: gluetypes.CloudWatchEncryptionModeDisabled},
		JobBookmarksEncryption: &gluetypes.JobBookmarksEncryption{JobBookmarksEncryptionMode: gluetypes.JobBookmarksEncryptionModeDisabled}}
}

// Ensure implements service.Provider.
func (s *SecurityConfiguration) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	name := req.Resource.Name
	var in SecurityConfigurationSettings
	if err := service.Decode(req.Inputs, &in); err != nil {
		return nil, fmt.Errorf("%s %s: %w", KindSecurityConfiguration, name, err)
	}
	outputs := map[string]string{"name": name}
	create := func() error { return s.create(ctx, name, &in) }
	err := create()
	switch {
	case err == nil:
		req.Created(outputs)
		return outputs, nil
	case service.ErrorCode(err) != codeExists:
		return nil, fmt.Errorf("create Glue security configuration %s: %w", name, err)
	case !req.Recorded:
		return nil, fmt.Errorf("create Glue security configuration: %s exists in this account, and a security configuration carries no tags to tell whose it is: %w. Rename glue.job.securityConfiguration in wireup.yaml",
			name, service.ErrNameTaken)
	}
	// The project's, from an earlier deploy: it cannot be updated, so it
	// is replaced (the job names it, and is updated after it).
	got, err := s.c.GetSecurityConfiguration(ctx, &glue.GetSecurityConfigurationInput{Name: aws.String(name)})
	if err != nil {
		return nil, fmt.Errorf("read Glue security configuration %s: %w", name, err)
	}
	if mode(got.SecurityConfiguration) == mode(&gluetypes.SecurityConfiguration{EncryptionConfiguration: encryptionConfiguration(&in)}) {
		return outputs, nil
	}
	if _, err := s.c.DeleteSecurityConfiguration(ctx, &glue.DeleteSecurityConfigurationInput{Name: aws.String(name)}); err != nil {
		return nil, fmt.Errorf("replace Glue security configuration %s: delete: %w", name, err)
	}
	if err := create(); err != nil {
		return nil, fmt.Errorf("replace Glue security configuration %s: create: %w", name, err)
	}
	return outputs, nil
}

// create makes the security configuration. It carries no tags, so a
// create whose answer was lost (a reset, a timeout, a 5xx after Glue made
// it) and that the SDK retried would find the project's own configuration
// and take it for someone else's. So it is made with service.CreateOnce:
// after a lost answer the configuration is read, and one there with the
// project's encryption is the one just made.
func (s *SecurityConfiguration) create(ctx context.Context, name string, in *SecurityConfigurationSettings) error {
	want := mode(&gluetypes.SecurityConfiguration{EncryptionConfiguration: encryptionConfiguration(in)})
	_, err := service.CreateOnce(ctx, s.Wait, func() (struct{}, error) {
		_, err := s.c.CreateSecurityConfiguration(ctx, &glue.CreateSecurityConfigurationInput{Name: aws.String(name), EncryptionConfiguration: encryptionConfiguration(in)},
			func(o *glue.Options) { o.Retryer = aws.NopRetryer{} })
		return struct{}{}, err
	}, func() (struct{}, bool, error) {
		got, err := s.c.GetSecurityConfiguration(ctx, &glue.GetSecurityConfigurationInput{Name: aws.String(name)})
		switch {
		case err == nil:
			return struct{}{}, mode(got.SecurityConfiguration) == want, nil
		case service.ErrorCode(err) == codeNotFound:
			return struct{}{}, false, nil
		}
		return struct{}{}, false, err
	})
	return err
}

// mode is a security configuration's S3 encryption, as "MODE key".
func mode(sc *gluetypes.SecurityConfiguration) string {
	if sc == nil || sc.EncryptionConfiguration == nil || len(sc.EncryptionConfiguration.S3Encryption) == 0 {
		return ""
	}
	e := sc.EncryptionConfiguration.S3Encryption[0]
	return string(e.S3EncryptionMode) + " " + aws.ToString(e.KmsKeyArn)
}

// Exists implements service.Provider.
func (s *SecurityConfiguration) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := s.c.GetSecurityConfiguration(ctx, &glue.GetSecurityConfigurationInput{Name: aws.String(rec.Name)})
	return service.Exists(err)
}

// Drift implements service.Provider: S3 encryption turned off or changed
// by hand (a security configuration cannot be edited, only replaced).
func (s *SecurityConfiguration) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	got, err := s.c.GetSecurityConfiguration(ctx, &glue.GetSecurityConfigurationInput{Name: aws.String(rec.Name)})
	if err != nil {
		return "", fmt.Errorf("read Glue security configuration %s: %w", rec.Name, err)
	}
	var in SecurityConfigurationSettings
	if err := service.Decode(rec.Inputs, &in); err != nil {
		return "", fmt.Errorf("%s %s: %w", KindSecurityConfiguration, rec.Name, err)
	}
	want := mode(&gluetypes.SecurityConfiguration{EncryptionConfiguration: encryptionConfiguration(&in)})
	if g := mode(got.SecurityConfiguration); g != want {
		return fmt.Sprintf("S3 encryption %q, want %q", g, want), nil
	}
	return "", nil
}

// Delete implements service.Provider.
func (s *SecurityConfiguration) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	_, err := s.c.DeleteSecurityConfiguration(ctx, &glue.DeleteSecurityConfigurationInput{Name: aws.String(rec.Name)})
	if service.ErrorCode(err) == codeNotFound {
		return nil // already gone
	}
	return err
}
