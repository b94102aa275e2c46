package etl

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	gluetypes "github.com/aws/aws-sdk-go-v2/service/glue/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/wireup/wireup/internal/service"
)

// fakeSecConf holds security configurations by name, as Glue answers for
// them (AlreadyExistsException, EntityNotFoundException).
type fakeSecConf struct {
	confs map[string]*gluetypes.SecurityConfiguration
	calls []string
}

func (f *fakeSecConf) CreateSecurityConfiguration(_ context.Context, in *glue.CreateSecurityConfigurationInput, _ ...func(*glue.Options)) (*glue.CreateSecurityConfigurationOutput, error) {
	n := aws.ToString(in.Name)
	f.calls = append(f.calls, "Create "+n)
	if f.confs[n] != nil {
		return nil, apiErr(codeExists, "SecurityConfiguration "+n+" already exists.")
	}
	f.confs[n] = &gluetypes.SecurityConfiguration{Name: in.Name, EncryptionConfiguration: in.EncryptionConfiguration}
	return &glue.CreateSecurityConfigurationOutput{Name: in.Name}, nil
}

func (f *fakeSecConf) GetSecurityConfiguration(_ context.Context, in *glue.GetSecurityConfigurationInput, _ ...func(*glue.Options)) (*glue.GetSecurityConfigurationOutput, error) {
	c := f.confs[aws.ToString(in.Name)]
	if c == nil {
		return nil, apiErr(codeNotFound, "SecurityConfiguration not found")
	}
	return &glue.GetSecurityConfigurationOutput{SecurityConfiguration: c}, nil
}

func (f *fakeSecConf) DeleteSecurityConfiguration(_ context.Context, in *glue.DeleteSecurityConfigurationInput, _ ...func(*glue.Options)) (*glue.DeleteSecurityConfigurationOutput, error) {
	n := aws.ToString(in.Name)
	f.calls = append(f.calls, "Delete "+n)
	if f.confs[n] == nil {
		return nil, apiErr(codeNotFound, "SecurityConfiguration not found")
	}
	delete(f.confs, n)
	return &glue.DeleteSecurityConfigurationOutput{}, nil
}

// SSE-S3 by default, SSE-KMS with the bucket's key; one the state does
// not record is never adopted (it carries no tags); the project's is
// replaced when its encryption changes, since Glue cannot update one.
func TestSecurityConfiguration(t *testing.T) {
	ctx := context.Background()
	f := &fakeSecConf{confs: map[string]*gluetypes.SecurityConfiguration{}}
	s := NewSecurityConfiguration(f)
	var created []map[string]string
	req := request(KindSecurityConfiguration, "demo-etl", map[string]string{}, &created)
	if _, err := s.Ensure(ctx, req); err != nil || len(created) != 1 {
		t.Fatalf("Ensure = %v, created %v", err, created)
	}
	if m := mode(f.confs["demo-etl"]); m != "SSE-S3 " {
		t.Errorf("mode = %q, want SSE-S3", m)
	}
	ec := f.confs["demo-etl"].EncryptionConfiguration
	if ec.CloudWatchEncryption.CloudWatchEncryptionMode != gluetypes.CloudWatchEncryptionModeDisabled {
		t.Errorf("CloudWatch encryption %v", ec.CloudWatchEncryption)
	}
	if _, err := s.Ensure(ctx, request(KindSecurityConfiguration, "demo-etl", map[string]string{}, &created)); !errors.Is(err, service.ErrNameTaken) {
		t.Errorf("Ensure of an unrecorded existing one = %v, want ErrNameTaken", err)
	}
	key := "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	kms := request(KindSecurityConfiguration, "demo-etl", map[string]string{"kmsKey": key}, &created)
	kms.Recorded = true
	if _, err := s.Ensure(ctx, kms); err != nil {
		t.Fatal(err)
	}
	if m := mode(f.confs["demo-etl"]); m != "SSE-KMS "+key || !strings.Contains(strings.Join(f.calls, ","), "Delete demo-etl,Create demo-etl") {
		t.Errorf("mode %q after calls %v, want it replaced with SSE-KMS", m, f.calls)
	}
	rec := &service.Record{Name: "demo-etl", Inputs: map[string]string{}}
	if d, _ := s.Drift(ctx, service.Env{}, nil, rec); !strings.Contains(d, "SSE-KMS") {
		t.Errorf("Drift = %q, want the encryption named", d)
	}
	if err := s.Delete(ctx, service.Env{}, rec); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, service.Env{}, rec); err != nil {
		t.Errorf("second Delete = %v", err)
	}
}

// lossySecConf makes the configuration and loses the answer (a 500) on the
// first lose creates; with make false the lost call made nothing.
type lossySecConf struct {
	fakeSecConf
	lose    int
	make    bool
	creates int
}

func (f *lossySecConf) CreateSecurityConfiguration(ctx context.Context, in *glue.CreateSecurityConfigurationInput, opts ...func(*glue.Options)) (*glue.CreateSecurityConfigurationOutput, error) {
	f.creates++
	if f.creates > f.lose {
		return f.fakeSecConf.CreateSecurityConfiguration(ctx, in, opts...)
	}
	if f.make {
		_, _ = f.fakeSecConf.CreateSecurityConfiguration(ctx, in, opts...)
	}
	return nil, &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 500}},
		Err: &smithy.GenericAPIError{Code: "InternalServiceException", Message: "internal error"}}}
}

// A security configuration carries no tags: a create whose answer is lost
// must not be retried into "exists, and not the project's". The one it
// made is found and adopted; a lost call that made nothing is tried again.
func TestSecurityConfigurationCreateAnswerLost(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name          string
		make          bool
		lose, creates int
	}{
		{name: "made, answer lost", make: true, lose: 1, creates: 1},
		{name: "nothing made", lose: 1, creates: 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := &lossySecConf{fakeSecConf: fakeSecConf{confs: map[string]*gluetypes.SecurityConfiguration{}}, lose: tt.lose, make: tt.make}
			var created []map[string]string
			sc := NewSecurityConfiguration(f)
			sc.Wait = time.Millisecond
			if _, err := sc.Ensure(ctx, request(KindSecurityConfiguration, "demo-etl", map[string]string{}, &created)); err != nil {
				t.Fatal(err)
			}
			if f.creates != tt.creates || len(created) != 1 || mode(f.confs["demo-etl"]) != "SSE-S3 " {
				t.Errorf("%d creates, created %v, mode %q; want %d creates, one recorded, SSE-S3", f.creates, created, mode(f.confs["demo-etl"]), tt.creates)
			}
		})
	}
	// A lost answer every time ends in the service's error, after the
	// attempts.
	f := &lossySecConf{fakeSecConf: fakeSecConf{confs: map[string]*gluetypes.SecurityConfiguration{}}, lose: 10}
	var created []map[string]string
	sc := NewSecurityConfiguration(f)
	sc.Wait = time.Millisecond
	if _, err := sc.Ensure(ctx, request(KindSecurityConfiguration, "demo-etl", map[string]string{}, &created)); err == nil || f.creates != service.CreateAttempts {
		t.Errorf("always lost: %v after %d creates; want the error after %d", err, f.creates, service.CreateAttempts)
	}
}
