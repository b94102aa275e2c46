// Package sts is AWS STS for wireup, which deploys nothing with it. It
// says whose account a session is in (Account: the who-am-I every command
// that connects asks), and it names the modules the SDK's shared config
// and default credential chain bring into a project that imports config
// and credentials (ConfigModules): STS itself (assumed roles, web
// identity), SSO and SSO OIDC, sign-in, IMDS, and their internal modules.
package sts

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// IdentityAPI is the part of the STS client Account uses.
type IdentityAPI interface {
	GetCallerIdentity(ctx context.Context, in *sts.GetCallerIdentityInput, optFns ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

// NewClient is the STS client on cfg.
func NewClient(cfg aws.Config) IdentityAPI { return sts.NewFromConfig(cfg) }

// Account is the account of the caller's credentials
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html).
func Account(ctx context.Context, c IdentityAPI) (string, error) {
	id, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", err
	}
	if aws.ToString(id.Account) == "" {
		return "", errors.New("GetCallerIdentity answered without an account")
	}
	return *id.Account, nil
}

// ConfigModules are the modules `go mod tidy` adds for
// github.com/aws/aws-sdk-go-v2/config and credentials, which every
// generated project imports (the build-matrix test builds every project
// with GOFLAGS=-mod=readonly and GOPROXY=off, so a missing one fails
// there).
func ConfigModules() []string {
	return []string{
		"github.com/aws/aws-sdk-go-v2/feature/ec2/imds",
		"github.com/aws/aws-sdk-go-v2/internal/configsources",
		"github.com/aws/aws-sdk-go-v2/internal/endpoints/v2",
		"github.com/aws/aws-sdk-go-v2/internal/v4a",
		"github.com/aws/aws-sdk-go-v2/service/internal/accept-encoding",
		"github.com/aws/aws-sdk-go-v2/service/internal/presigned-url",
		"github.com/aws/aws-sdk-go-v2/service/signin",
		"github.com/aws/aws-sdk-go-v2/service/sso",
		"github.com/aws/aws-sdk-go-v2/service/ssooidc",
		"github.com/aws/aws-sdk-go-v2/service/sts",
		"github.com/aws/smithy-go",
	}
}
