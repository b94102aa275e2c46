package opensearch

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

const testPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"IoTRuleIndexes","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:role/demo-iot-rule"]},"Action":["es:ESHttpPut"],"Resource":["arn:aws:es:us-east-1:123456789012:domain/demo/demo-events/_doc/*"]}]}`

var testPlan = &plan.Plan{Project: "demo", Env: plan.Env{Partition: "aws", Region: "us-east-1", AccountID: "123456789012"},
	Tags: []plan.Tag{{Key: plan.TagProject, Value: "demo"}, {Key: plan.TagRoute, Value: "app-to-iot+iot-to-opensearch"}}}

// run is one Ensure call's request, with what it reported.
type run struct {
	mu       sync.Mutex
	created  []map[string]string
	progress []string
}

func (r *run) request(recorded bool) *service.Request {
	return &service.Request{Plan: testPlan, Recorded: recorded,
		Env: service.Env{MaxWait: time.Minute, Progress: func(m string) { r.mu.Lock(); r.progress = append(r.progress, m); r.mu.Unlock() }},
		Resource: &plan.Resource{ID: plan.IDDomain, Kind: plan.KindDomain, Name: "demo", Policy: []byte(testPolicy), Settings: map[string]string{
			"engineVersion": "OpenSearch_2.19", "instanceType": "t3.small.search", "instanceCount": "1", "volumeSizeGiB": "10"}},
		Created: func(o map[string]string) { r.mu.Lock(); r.created = append(r.created, o); r.mu.Unlock() }}
}

// fast is the domain kind polling without real waits.
func fast(c DomainAPI) *Domain {
	d := NewDomain(c)
	d.Poll, d.MaxPoll, d.MaxWait = time.Millisecond, 2*time.Millisecond, 5*time.Second
	return d
}

// A create takes AWS many DescribeDomain calls of Processing: true with no
// endpoint; Ensure records the domain at once, reports each wait and
// returns the endpoint once Processing is false.
func TestDomainCreateWaitsThroughProcessing(t *testing.T) {
	r, c := newReplay(t)
	processing := status(true, false, false, "")
	r.on("DescribeDomain", notFound, processing, processing, processing, processing, processing, processing,
		status(false, false, false, ""), // Processing over, endpoint not published yet
		status(false, false, true, ""))
	r.on("CreateDomain", processing)
	var rn run
	out, err := fast(c).Ensure(context.Background(), rn.request(false))
	if err != nil {
		t.Fatal(err)
	}
	if out["endpoint"] != endpoint || out["arn"] != domainARN {
		t.Errorf("outputs %v", out)
	}
	if len(rn.created) == 0 || rn.created[0]["arn"] != domainARN || rn.created[0]["endpoint"] != "" {
		t.Errorf("not recorded at create: %v", rn.created)
	}
	if got := r.count("DescribeDomain"); got != 9 {
		t.Errorf("DescribeDomain called %d times, want 9 (the whole recorded sequence)", got)
	}
	if len(rn.progress) < 7 || !strings.Contains(rn.progress[0], "Processing (Creating)") || !strings.Contains(rn.progress[0], "typically 15-25m") {
		t.Errorf("progress %q", rn.progress)
	}
	body := r.bodies["CreateDomain"][0]
	for _, want := range []string{`"EncryptionAtRestOptions":{"Enabled":true}`, `"NodeToNodeEncryptionOptions":{"Enabled":true}`,
		`"EnforceHTTPS":true`, `"TLSSecurityPolicy":"Policy-Min-TLS-1-2-PFS-2023-10"`, `"VolumeType":"gp3"`, `"VolumeSize":10`,
		`"InstanceType":"t3.small.search"`, `"InstanceCount":1`, `"ZoneAwarenessEnabled":false`, `"EngineVersion":"OpenSearch_2.19"`,
		`{"Key":"wireup:project","Value":"demo"}`, `"AccessPolicies":"{\"Version\":\"2012-10-17\"`} {
		if !strings.Contains(body, want) {
			t.Errorf("CreateDomain body lacks %s:\n%s", want, body)
		}
	}
}

// A deploy interrupted while AWS creates the domain leaves it recorded;
// the next deploy waits for that domain instead of creating a second one,
// with or without the state (then by its tag).
func TestDomainResumesAfterInterruptedCreate(t *testing.T) {
	for _, recorded := range []bool{true, false} {
		r, c := newReplay(t)
		processing := status(true, false, false, "")
		r.on("DescribeDomain", notFound, processing, processing, processing)
		r.on("CreateDomain", processing)
		ctx, cancel := context.WithCancel(context.Background())
		r.onCall = func(op string, n int) {
			if op == "DescribeDomain" && n == 3 {
				cancel() // Ctrl-C during the wait
			}
		}
		var first run
		_, err := fast(c).Ensure(ctx, first.request(false))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("interrupted Ensure: %v, want context.Canceled", err)
		}
		if len(first.created) == 0 {
			t.Fatal("the interrupted create was not recorded: destroy and the next deploy would not know the domain")
		}

		// The next run: AWS is still creating it, then it is done.
		r2, c2 := newReplay(t)
		r2.on("DescribeDomain", processing, processing, processing, status(false, false, true, ""))
		r2.on("ListTags", tags("demo"))
		var second run
		out, err := fast(c2).Ensure(context.Background(), second.request(recorded))
		if err != nil {
			t.Fatalf("recorded %v: resume: %v", recorded, err)
		}
		if r2.count("CreateDomain") != 0 {
			t.Errorf("recorded %v: the resumed deploy created another domain", recorded)
		}
		if out["endpoint"] != endpoint {
			t.Errorf("recorded %v: outputs %v", recorded, out)
		}
		if got := r2.count("ListTags"); got != map[bool]int{true: 0, false: 1}[recorded] {
			t.Errorf("recorded %v: ListTags called %d times", recorded, got)
		}
		if r2.count("UpdateDomainConfig") != 0 {
			t.Errorf("recorded %v: a domain as planned was updated", recorded)
		}
		if len(second.progress) == 0 || !strings.Contains(second.progress[0], "an earlier deploy started it") {
			t.Errorf("recorded %v: progress %q", recorded, second.progress)
		}
	}
}

// The name is held by another project's domain: refused, nothing updated.
func TestDomainNameTakenByAnother(t *testing.T) {
	r, c := newReplay(t)
	r.on("DescribeDomain", notFound, status(false, false, true, ""))
	r.on("CreateDomain", alreadyExists)
	r.on("ListTags", tags("someone-else"))
	var rn run
	_, err := fast(c).Ensure(context.Background(), rn.request(false))
	if !errors.Is(err, service.ErrNameTaken) || !strings.Contains(err.Error(), "Rename opensearch.domain") {
		t.Fatalf("err = %v, want ErrNameTaken naming the field", err)
	}
	if r.count("UpdateDomainConfig") != 0 || len(rn.created) != 0 {
		t.Errorf("another project's domain was adopted: updates %d, recorded %v", r.count("UpdateDomainConfig"), rn.created)
	}
}

// The project's own domain, edited by hand (HTTPS off) and larger than
// wireup.yaml now asks, is put back to the plan; an engine version it
// cannot change is reported, not upgraded.
func TestDomainAdoptUpdatesToThePlan(t *testing.T) {
	r, c := newReplay(t)
	weak := status(false, false, true, "")
	weak.body = strings.NewReplacer(`"EnforceHTTPS":true`, `"EnforceHTTPS":false`, `"VolumeSize":10`, `"VolumeSize":20`,
		`"EngineVersion":"OpenSearch_2.19"`, `"EngineVersion":"OpenSearch_2.17"`).Replace(weak.body)
	r.on("DescribeDomain", weak, status(true, false, true, ""), status(false, false, true, ""))
	r.on("UpdateDomainConfig", answer{status: 200, body: `{"DomainConfig":{}}`})
	var rn run
	if _, err := fast(c).Ensure(context.Background(), rn.request(true)); err != nil {
		t.Fatal(err)
	}
	body := r.bodies["UpdateDomainConfig"]
	if len(body) != 1 || !strings.Contains(body[0], `"EnforceHTTPS":true`) || !strings.Contains(body[0], `"AccessPolicies"`) || !strings.Contains(body[0], `"VolumeSize":10`) {
		t.Errorf("UpdateDomainConfig %v", body)
	}
	if len(rn.progress) < 2 || !strings.Contains(rn.progress[0], "wireup does not upgrade a domain") || !strings.Contains(rn.progress[1], "HTTPS is not enforced; volume 20 GiB, want 10") {
		t.Errorf("progress %q", rn.progress)
	}
}

// The account's domain quota: Ensure says what to do, records nothing.
func TestDomainLimitExceeded(t *testing.T) {
	r, c := newReplay(t)
	r.on("DescribeDomain", notFound)
	r.on("CreateDomain", limitExceeded)
	var rn run
	_, err := fast(c).Ensure(context.Background(), rn.request(false))
	if err == nil || !strings.Contains(err.Error(), "quota") || !strings.Contains(err.Error(), "Service Quotas") {
		t.Fatalf("err = %v", err)
	}
	if len(rn.created) != 0 {
		t.Errorf("recorded %v", rn.created)
	}
}

// A destroy's delete still running holds the name (Deleted: true, and
// CreateDomain answers ResourceAlreadyExistsException): Ensure waits
// until the domain is gone, then creates it.
func TestDomainWaitsOutADeleteBeforeCreating(t *testing.T) {
	r, c := newReplay(t)
	deleting := status(true, true, true, "")
	r.on("DescribeDomain", deleting, deleting, deleting, notFound, status(true, false, false, ""), status(false, false, true, ""))
	r.on("CreateDomain", status(true, false, false, ""))
	var rn run
	out, err := fast(c).Ensure(context.Background(), rn.request(true))
	if err != nil {
		t.Fatal(err)
	}
	if r.count("CreateDomain") != 1 || out["endpoint"] != endpoint {
		t.Errorf("creates %d, outputs %v", r.count("CreateDomain"), out)
	}
	if !strings.Contains(rn.progress[0], "still being deleted") {
		t.Errorf("progress %q", rn.progress)
	}
}

// CreateDomain racing a delete: the name is taken, the domain is being
// deleted; Ensure waits and creates.
func TestDomainAlreadyExistsWhileDeleting(t *testing.T) {
	r, c := newReplay(t)
	r.on("DescribeDomain", notFound, status(true, true, false, ""), notFound, status(false, false, true, ""))
	r.on("CreateDomain", alreadyExists, status(true, false, false, ""))
	var rn run
	if _, err := fast(c).Ensure(context.Background(), rn.request(false)); err != nil {
		t.Fatal(err)
	}
	if r.count("CreateDomain") != 2 || len(rn.created) == 0 {
		t.Errorf("creates %d, recorded %v", r.count("CreateDomain"), rn.created)
	}
}

// Delete waits through Deleted: true until DescribeDomain no longer finds
// the domain; a domain already gone is deleted.
func TestDomainDeleteWaitsUntilGone(t *testing.T) {
	r, c := newReplay(t)
	deleting := status(true, true, true, "")
	r.on("DeleteDomain", deleting)
	r.on("DescribeDomain", deleting, deleting, deleting, notFound)
	var rn run
	env := rn.request(true).Env
	if err := fast(c).Delete(context.Background(), env, &service.Record{Name: "demo"}); err != nil {
		t.Fatal(err)
	}
	if got := r.count("DescribeDomain"); got != 4 {
		t.Errorf("DescribeDomain called %d times, want 4", got)
	}
	r2, c2 := newReplay(t)
	r2.on("DeleteDomain", notFound)
	if err := fast(c2).Delete(context.Background(), env, &service.Record{Name: "demo"}); err != nil {
		t.Errorf("delete of a gone domain: %v", err)
	}
	// A delete that never finishes fails with what to do.
	r3, c3 := newReplay(t)
	r3.on("DeleteDomain", deleting)
	r3.on("DescribeDomain", deleting)
	d := fast(c3)
	d.MaxWait = 20 * time.Millisecond
	err := d.Delete(context.Background(), service.Env{MaxWait: time.Millisecond}, &service.Record{Name: "demo"})
	if err == nil || !strings.Contains(err.Error(), "still deleting") || !strings.Contains(err.Error(), "run the command again") {
		t.Errorf("err = %v", err)
	}
}

// Exists: a domain being deleted is gone; Drift names weakened protections.
func TestDomainExistsAndDrift(t *testing.T) {
	r, c := newReplay(t)
	r.on("DescribeDomain", status(true, true, true, ""), notFound)
	d := fast(c)
	for i := range 2 {
		if ok, err := d.Exists(context.Background(), service.Env{}, &service.Record{Name: "demo"}); ok || err != nil {
			t.Errorf("call %d: Exists = %v, %v", i, ok, err)
		}
	}
	r2, c2 := newReplay(t)
	weak := status(false, false, true, "")
	weak.body = strings.NewReplacer(`"Policy-Min-TLS-1-2-PFS-2023-10"`, `"Policy-Min-TLS-1-0-2019-07"`,
		`"NodeToNodeEncryptionOptions":{"Enabled":true}`, `"NodeToNodeEncryptionOptions":{"Enabled":false}`).Replace(weak.body)
	weak.body = strings.Replace(weak.body, jsonString(testPolicy), jsonString(strings.Replace(testPolicy, "demo-iot-rule", "someone", 1)), 1)
	r2.on("DescribeDomain", weak)
	var rn run
	req := rn.request(true)
	got, err := fast(c2).Drift(context.Background(), service.Env{}, req.Resource, &service.Record{Name: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"access policy differs", "TLS policy Policy-Min-TLS-1-0-2019-07", "node-to-node encryption is off"} {
		if !strings.Contains(got, want) {
			t.Errorf("drift %q lacks %q", got, want)
		}
	}
	r3, c3 := newReplay(t)
	r3.on("DescribeDomain", status(false, false, true, ""))
	if got, _ := fast(c3).Drift(context.Background(), service.Env{}, req.Resource, &service.Record{Name: "demo"}); got != "" {
		t.Errorf("drift of a domain as planned: %q", got)
	}
}

// List reports every OpenSearch domain with its tags, read by the ARN
// DescribeDomain returns.
func TestDomainList(t *testing.T) {
	r, c := newReplay(t)
	r.on("ListDomainNames", answer{status: 200, body: `{"DomainNames":[{"DomainName":"demo","EngineType":"OpenSearch"}]}`})
	r.on("DescribeDomain", status(false, false, true, ""))
	r.on("ListTags", tags("demo"))
	got, err := fast(c).List(context.Background(), testPlan)
	if err != nil || len(got) != 1 || got[0].Name != "demo" {
		t.Fatalf("List = %v, %v", got, err)
	}
	tg, err := got[0].Tags(context.Background())
	if err != nil || tg[plan.TagProject] != "demo" {
		t.Errorf("tags %v, %v", tg, err)
	}
}

// A role created a moment ago may not be a valid principal to OpenSearch
// yet: the create is retried through the engine's IAM wait, nothing else.
func TestDomainCreateRetriesAnUnpropagatedRole(t *testing.T) {
	r, c := newReplay(t)
	r.on("DescribeDomain", notFound, status(false, false, true, ""))
	r.on("CreateDomain", apiError(400, "ValidationException", "The passed policy has an invalid principal: arn:aws:iam::123456789012:role/demo-iot-rule"),
		status(true, false, false, ""))
	var rn run
	req := rn.request(false)
	retries := 0
	req.Retry = func(_ context.Context, transient func(error) bool, fn func() error) error {
		for {
			err := fn()
			if err == nil || !transient(err) || retries > 3 {
				return err
			}
			retries++
		}
	}
	if _, err := fast(c).Ensure(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if retries != 1 || r.count("CreateDomain") != 2 {
		t.Errorf("retries %d, creates %d; want 1 and 2", retries, r.count("CreateDomain"))
	}
	// Any other validation error is not retried.
	r2, c2 := newReplay(t)
	r2.on("DescribeDomain", notFound)
	r2.on("CreateDomain", apiError(400, "ValidationException", "Invalid instance type: t3.tiny.search"))
	req2 := rn.request(false)
	req2.Retry = req.Retry
	retries = 0
	if _, err := fast(c2).Ensure(context.Background(), req2); err == nil || retries != 0 {
		t.Errorf("err %v after %d retries, want the error at once", err, retries)
	}
}

// A size that does not parse is an error naming the setting before any
// call: never a domain of 0 nodes.
func TestDomainUnparsableSettingIsAnError(t *testing.T) {
	r, c := newReplay(t)
	var rn run
	req := rn.request(false)
	req.Resource.Settings["instanceCount"] = "one"
	_, err := fast(c).Ensure(context.Background(), req)
	if err == nil || !strings.Contains(err.Error(), `opensearch.domain demo: setting instanceCount = "one"`) || len(r.calls) != 0 {
		t.Fatalf("err = %v, calls %v: want the setting named and nothing called", err, r.calls)
	}
}
