package etl

import (
	"github.com/aws/smithy-go"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

var testPlan = &plan.Plan{Project: "demo", Route: []string{"s3-to-glue", JobHop},
	Env:  plan.Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"},
	Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}, {Key: plan.TagRoute, Value: "s3-to-glue+" + JobHop}}}

func request(kind plan.Kind, name string, in map[string]string, created *[]map[string]string) *service.Request {
	return &service.Request{Plan: testPlan, Resource: &plan.Resource{Kind: kind, Name: name}, Inputs: in,
		Created: func(o map[string]string) { *created = append(*created, o) }}
}

func apiErr(code, msg string) error { return &smithy.GenericAPIError{Code: code, Message: msg} }
