package sts

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

type fakeIdentity struct {
	out *sts.GetCallerIdentityOutput
	err error
}

func (f fakeIdentity) GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	return f.out, f.err
}

func TestAccount(t *testing.T) {
	got, err := Account(context.Background(), fakeIdentity{out: &sts.GetCallerIdentityOutput{Account: aws.String("123456789012")}})
	if err != nil || got != "123456789012" {
		t.Errorf("Account = %q, %v", got, err)
	}
	denied := errors.New("ExpiredToken")
	if _, err := Account(context.Background(), fakeIdentity{err: denied}); !errors.Is(err, denied) {
		t.Errorf("Account on a failed call = %v, want the call's error", err)
	}
	if _, err := Account(context.Background(), fakeIdentity{out: &sts.GetCallerIdentityOutput{}}); err == nil {
		t.Error("Account of an answer without an account succeeded")
	}
}
