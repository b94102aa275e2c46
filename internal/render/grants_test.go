package render

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/iam"
)

// sdkService is the import path prefix of the SDK's service clients; the
// last element is the IAM service prefix for every service the templates
// use but EventBridge, whose IAM prefix is events (see actionOf).
const sdkService = "github.com/aws/aws-sdk-go-v2/service/"

// actionOf maps an SDK operation ("sqs", "SendMessageBatch") to the IAM
// action that authorizes it, "" when the call needs no permission. Most
// operations are authorized by the action of the same name; the exceptions
// are listed with the AWS page that says so.
func actionOf(svc, op string) string {
	if svc == "eventbridge" {
		// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html
		svc = "events"
	}
	if svc == "sfn" {
		// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html
		svc = "states"
	}
	if svc == "emrserverless" {
		// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonemrserverless.html
		svc = "emr-serverless"
	}
	if svc == "cloudwatchlogs" {
		// The one SDK package whose name is not its IAM prefix:
		// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
		svc = "logs"
	}
	if svc == "opensearch" {
		// OpenSearch Service's IAM prefix is es:
		// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonopensearchservice.html
		svc = "es"
	}
	if svc == "redshiftdata" {
		// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftdataapi.html
		svc = "redshift-data"
	}
	switch svc + ":" + op {
	case "sts:GetCallerIdentity":
		// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html:
		// "No permissions are required to perform this operation."
		return ""
	case "sqs:SendMessageBatch", "sqs:DeleteMessageBatch", "sqs:ChangeMessageVisibilityBatch":
		// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-batch-api-actions.html
		return "sqs:" + strings.TrimSuffix(op, "Batch")
	case "sns:PublishBatch":
		// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html
		return "sns:Publish"
	case "s3:ListObjectsV2":
		// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
		return "s3:ListBucket"
	case "s3:HeadObject":
		// https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html: "you must have the s3:GetObject permission"
		return "s3:GetObject"
	}
	return svc + ":" + op
}

// funcKey names a function of a generated project: "internal/config.QueueURL",
// or "internal/producer.(*).Publish" for a method (receivers are not
// resolved: a method call reaches every method of that name).
type funcKey string

// callGraph is what the generated code of one project calls: per function,
// the AWS API operations it makes itself and the project functions it refers
// to (called or passed as a value, as lambda.Start(handle) does).
type callGraph struct {
	actions map[funcKey][]string
	edges   map[funcKey][]funcKey
	methods map[string][]funcKey // method name -> every method of that name
}

// parseProject builds the call graph of a project's non-test Go files. It is
// syntactic, which is enough for the templates: an SDK call is recognised by
// its input literal (&sqs.ReceiveMessageInput{...}, also passed to
// paginators), and the IoT data-plane Publish, which the producer signs by
// hand (the module proxy does not serve the iotdataplane client), by its
// signing name "iotdata".
func parseProject(t *testing.T, files Files) callGraph {
	t.Helper()
	module := ""
	if f := files.Get("go.mod"); f != nil {
		module = strings.Fields(strings.SplitN(string(f.Data), "\n", 2)[0])[1]
	}
	g := callGraph{actions: map[funcKey][]string{}, edges: map[funcKey][]funcKey{}, methods: map[string][]funcKey{}}
	type parsed struct {
		dir string
		f   *ast.File
	}
	var all []parsed
	topLevel := map[string]bool{} // "dir.Name"
	fset := token.NewFileSet()
	for _, file := range files {
		if !strings.HasSuffix(file.Path, ".go") || strings.HasSuffix(file.Path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file.Path, file.Data, 0)
		if err != nil {
			t.Fatalf("parse %s: %v", file.Path, err)
		}
		dir := path.Dir(file.Path)
		all = append(all, parsed{dir, f})
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fd.Recv == nil {
					topLevel[dir+"."+fd.Name.Name] = true
				} else {
					k := funcKey(dir + ".(*)." + fd.Name.Name)
					g.methods[fd.Name.Name] = append(g.methods[fd.Name.Name], k)
				}
			}
		}
	}
	for _, p := range all {
		imports := map[string]string{} // local name -> import path
		for _, im := range p.f.Imports {
			ip, _ := strconv.Unquote(im.Path.Value)
			name := path.Base(ip)
			if im.Name != nil {
				name = im.Name.Name
			}
			imports[name] = ip
		}
		for _, d := range p.f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			key := funcKey(p.dir + "." + fd.Name.Name)
			if fd.Recv != nil {
				key = funcKey(p.dir + ".(*)." + fd.Name.Name)
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CompositeLit:
					sel, ok := n.Type.(*ast.SelectorExpr)
					if !ok {
						break
					}
					if x, ok := sel.X.(*ast.Ident); ok && strings.HasPrefix(imports[x.Name], sdkService) &&
						!strings.Contains(strings.TrimPrefix(imports[x.Name], sdkService), "/") && strings.HasSuffix(sel.Sel.Name, "Input") {
						g.actions[key] = append(g.actions[key], path.Base(imports[x.Name])+":"+strings.TrimSuffix(sel.Sel.Name, "Input"))
					}
				case *ast.CallExpr:
					if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "SignHTTP" {
						for _, a := range n.Args {
							if lit, ok := a.(*ast.BasicLit); ok && lit.Value == `"iotdata"` {
								// POST /topics/{topic}: iot:Publish on the topic.
								g.actions[key] = append(g.actions[key], "iot:Publish")
							}
						}
					}
				case *ast.SelectorExpr:
					if x, ok := n.X.(*ast.Ident); ok {
						if ip, ok := imports[x.Name]; ok {
							if module != "" && strings.HasPrefix(ip, module+"/") {
								g.edges[key] = append(g.edges[key], funcKey(strings.TrimPrefix(ip, module+"/")+"."+n.Sel.Name))
							}
							return false
						}
					}
					g.edges[key] = append(g.edges[key], g.methods[n.Sel.Name]...)
				case *ast.Ident:
					if topLevel[p.dir+"."+n.Name] {
						g.edges[key] = append(g.edges[key], funcKey(p.dir+"."+n.Name))
					}
				}
				return true
			})
		}
	}
	return g
}

// reach returns the IAM actions the code reachable from entry calls, and
// which function calls each, sorted.
func (g callGraph) reach(entry funcKey) map[string][]funcKey {
	out := map[string][]funcKey{}
	seen := map[funcKey]bool{}
	var walk func(funcKey)
	walk = func(k funcKey) {
		if seen[k] {
			return
		}
		seen[k] = true
		for _, op := range g.actions[k] {
			svc, name, _ := strings.Cut(op, ":")
			a := op
			if svc != "iot" || name != "Publish" {
				a = actionOf(svc, name)
			}
			if a != "" && !slices.Contains(out[a], k) {
				out[a] = append(out[a], k)
			}
		}
		for _, e := range g.edges[k] {
			walk(e)
		}
	}
	walk(entry)
	return out
}

// grantedActions returns the actions a generated iam/*.json document allows.
// For a Lambda execution role (role true) only the function code's own
// statements count: not what Lambda itself does with the role, which is
// polling the event source (Sids Poll*), sending failed batches
// (OnFailure*) and writing the function's logs (statements of logs actions
// only). KMS actions are left out: the code makes no KMS call, the service
// makes it on the caller's behalf (internal/iam cites AWS for each), and the
// matrix projects use no customer managed key. Statements a service reads
// with the binary's identity on its behalf (onBehalfStatement) are left out
// too, so the binary's own calls must be granted by the others.
func grantedActions(t *testing.T, f *File, main string, role bool) []string {
	t.Helper()
	var d iam.Document
	if err := json.Unmarshal(f.Data, &d); err != nil {
		t.Fatalf("%s: %v", f.Path, err)
	}
	var out []string
	for _, st := range d.Statement {
		if st.Effect != iam.Allow || onBehalfStatement(main, st.Sid) {
			continue
		}
		if role && (strings.HasPrefix(st.Sid, "Poll") || strings.HasPrefix(st.Sid, "OnFailure") ||
			!slices.ContainsFunc(st.Action, func(a string) bool { return !strings.HasPrefix(a, "logs:") })) {
			continue
		}
		for _, a := range st.Action {
			if !strings.HasPrefix(a, "kms:") && !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestGrantsMatchSDKCalls is the least-privilege proof of the generated
// projects' own code: for every matrix route and every binary, each AWS API
// call its code can make is granted by the iam/ policy of the identity that
// runs it, and each action that policy grants is called. A call that needs
// no permission (sts:GetCallerIdentity) is not counted, so sqs:GetQueueUrl,
// which no policy grants, can never come back unnoticed.
//
// The Lambda execution role is checked for the handler's own statements;
// what Lambda itself calls with the role (event source polling, on-failure
// sends, logs) is checked against AWS's managed policies in internal/iam
// (TestPollerGrantsMatchAWS). The integration test identity has no policy
// file yet, so cmd/producer/integration_test.go is not checked here.
func TestGrantsMatchSDKCalls(t *testing.T) {
	c := loadCatalog(t)
	for _, mc := range matrix {
		t.Run(mc.name, func(t *testing.T) {
			s := newSpec(t, c, mc)
			files, err := Render(s, c)
			if err != nil {
				t.Fatal(err)
			}
			g := parseProject(t, files)
			type binary struct {
				main   string // its main package
				policy string // the iam/ file of the identity that runs it
				role   bool   // a Lambda execution role
			}
			bins := []binary{
				{"cmd/producer", "iam/producer-policy.json", false},
				{"cmd/consumer", "iam/consumer-policy.json", false},
			}
			bins = append(bins, binary{"cmd/query", "iam/query-policy.json", false}, binary{"cmd/crawl", "iam/crawl-policy.json", false},
				binary{"cmd/train", "iam/train-policy.json", false},
				binary{"cmd/etl", "iam/etl-policy.json", false}, binary{"cmd/job", "iam/job-policy.json", false}, binary{"cmd/sql", "iam/sql-policy.json", false})
			if s.Lambda != nil {
				bins = append(bins, binary{"cmd/handler", "iam/role-" + s.Lambda.Role + "-policy.json", true})
			}
			if s.Firehose != nil && s.Firehose.Transform != nil {
				bins = append(bins, binary{"cmd/transform", "iam/role-" + s.Firehose.Transform.Role + "-policy.json", true})
			}
			checked := 0
			for _, b := range bins {
				if files.Get(b.main+"/main.go") == nil {
					continue
				}
				checked++
				calls := g.reach(funcKey(b.main + ".main"))
				pol := files.Get(b.policy)
				if pol == nil {
					if len(calls) > 0 {
						t.Errorf("%s calls %v but the project has no %s", b.main, sortedActions(calls), b.policy)
					}
					continue
				}
				granted := grantedActions(t, pol, b.main, b.role)
				for _, a := range sortedActions(calls) {
					if !slices.Contains(granted, a) {
						t.Errorf("%s calls %s (in %v), which %s does not grant", b.main, a, calls[a], b.policy)
					}
				}
				for _, a := range granted {
					if onBehalf(b.main, a) || signedHTTP(a) {
						continue
					}
					if _, ok := calls[a]; !ok {
						t.Errorf("%s grants %s, which %s never calls", b.policy, a, b.main)
					}
				}
			}
			if checked == 0 {
				t.Fatal("no binary checked: the entry points moved")
			}
		})
	}
}

// onBehalf reports whether a granted action is one a service calls with
// the caller's identity rather than one the binary calls: Athena reads
// the catalog and S3 as the identity that started the query
// (https://docs.aws.amazon.com/athena/latest/ug/s3-permissions.html).
func onBehalf(main, action string) bool {
	if main == "cmd/job" && action == "iam:PassRole" {
		// StartJobRun passes the job runtime role: IAM checks
		// iam:PassRole on the caller, no call of its own
		// (https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/security-iam-runtime-role.html).
		return true
	}
	if main == "cmd/train" && (action == "sagemaker:AddTags" || action == "iam:PassRole" || strings.HasPrefix(action, "kms:")) {
		// CreateTrainingJob with tags needs sagemaker:AddTags, and passing
		// the execution role needs iam:PassRole
		// (https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html).
		return true
	}
	// The Data API gets the caller's database credentials itself
	// (https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-access.html).
	if main == "cmd/sql" && (strings.HasPrefix(action, "redshift-serverless:") || strings.HasPrefix(action, "redshift:")) {
		return true
	}
	return main == "cmd/query" && (strings.HasPrefix(action, "glue:") || strings.HasPrefix(action, "s3:") || strings.HasPrefix(action, "kms:"))
}

// onBehalfStatement reports whether a statement of a binary's policy
// grants what a service calls with the binary's identity, not the binary:
// cmd/sql's AdminSignIn, the admin secret the Data API reads when the
// runner passes SecretArn (https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-access.html).
// cmd/sql reads its users' secrets itself, under ReadUserSecrets, which is
// still checked.
func onBehalfStatement(main, sid string) bool { return main == "cmd/sql" && sid == "AdminSignIn" }

// signedHTTP reports whether a granted action authorizes a SigV4-signed
// HTTP request to an OpenSearch domain (es:ESHttpPost for _search), which
// the generated reader sends with opensearch-go, not an SDK call the call
// graph sees (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html);
// templates/opensearch/consumer_test.go.tmpl checks the method and path.
func signedHTTP(action string) bool { return strings.HasPrefix(action, "es:ESHttp") }

func sortedActions(m map[string][]funcKey) []string {
	out := make([]string, 0, len(m))
	for a := range m {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

// The test must be able to fail: a call no policy grants, and a grant no
// code makes, are both reported.
func TestGrantsMatchSDKCallsDetects(t *testing.T) {
	files := Files{
		{Path: "go.mod", Data: []byte("module example.com/p\n\ngo 1.26\n")},
		{Path: "cmd/producer/main.go", Data: []byte(`package main

import "example.com/p/internal/config"

func main() { config.QueueURL() }
`)},
		{Path: "internal/config/sqs.go", Data: []byte(`package config

import (
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func QueueURL() {
	_ = &sts.GetCallerIdentityInput{}
	_ = &sqs.GetQueueUrlInput{}
	_ = sqs.SendMessageBatchInput{}
}
`)},
	}
	got := sortedActions(parseProject(t, files).reach("cmd/producer.main"))
	if want := []string{"sqs:GetQueueUrl", "sqs:SendMessage"}; !slices.Equal(got, want) {
		t.Errorf("reach = %v, want %v", got, want)
	}
}
