package lambda

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/kinesis"
	"github.com/wireup/wireup/internal/spec"
)

// unitPlan plans route for a project named "demo" without any AWS call.
func unitPlan(t *testing.T, route []string, edit ...func(*spec.Spec)) *plan.Plan {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := spec.New(c, "demo", "us-east-1", route, kinesis.SpecDefault, SpecDefault)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range edit {
		f(s)
	}
	p, err := plan.New(s, c, plan.Env{Region: "us-east-1", AccountID: "123456789012"}, []plan.Planner{Planner{}, kinesis.Planner{}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// nextPage is the token a paged fake hands out with its first page.
const nextPage = "page-2"

// pageOf returns which page a request with token asks for; a token no
// fake handed out fails the request, so a test passes only when the
// listing follows Lambda's own way of paging.
func pageOf(token *string) (int, error) {
	switch aws.ToString(token) {
	case "":
		return 1, nil
	case nextPage:
		return 2, nil
	}
	return 0, fmt.Errorf("unexpected page token %q", aws.ToString(token))
}

// ownerTag is the project tag of the project the fakes serve.
var ownerTag = map[string]string{plan.TagProject: "demo"}
