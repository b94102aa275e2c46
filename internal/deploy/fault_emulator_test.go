package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/registry"
)

// faultRoutes are the routes the fault-injection test deploys and destroys
// with a fault at every request: one through Lambda, one through Firehose,
// one through IoT Core, one from a CloudWatch Logs subscription.
var faultRoutes = [][]string{
	{"sqs-to-lambda"},
	{"app-to-firehose", "firehose-to-s3"},
	{"iot-to-sqs"},
	{"cloudwatch-logs-to-firehose", "firehose-to-s3"},
}

// fault is what the proxy does to one request.
type fault string

const (
	faultServer   fault = "500"      // HTTP 500 with an AWS error body
	faultReset    fault = "reset"    // the connection is closed without an answer
	faultThrottle fault = "throttle" // the service's throttling error
	faultHang     fault = "hang"     // no answer until after the client's bound
)

// faultProxy forwards requests to the emulator and spoils some: the nth
// request counted from arm (and, with persist, every request after it until
// disarm, so the SDK's retries fail too).
type faultProxy struct {
	srv     *http.Server
	url     string
	count   atomic.Int64
	mu      sync.Mutex
	at      int64 // the request to spoil, counted from 1; 0: none
	persist bool
	kind    fault
	hits    int // requests spoiled since arm
}

func newFaultProxy(t *testing.T, target string) *faultProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	fp := &faultProxy{}
	rp := httputil.NewSingleHostReverseProxy(u)
	fp.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := fp.count.Add(1)
		fp.mu.Lock()
		spoil := fp.at > 0 && (n == fp.at || fp.persist && n > fp.at)
		kind := fp.kind
		if spoil {
			fp.hits++
		}
		fp.mu.Unlock()
		if !spoil {
			rp.ServeHTTP(w, r)
			return
		}
		spoilRequest(w, r, kind)
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go fp.srv.Serve(ln)
	t.Cleanup(func() { fp.srv.Close() })
	fp.url = "http://" + ln.Addr().String()
	return fp
}

// arm spoils the nth request from now.
func (fp *faultProxy) arm(n int64, kind fault, persist bool) {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	fp.at, fp.kind, fp.persist, fp.hits = fp.count.Load()+n, kind, persist, 0
}

// disarm stops spoiling and returns how many requests were spoiled.
func (fp *faultProxy) disarm() int {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	fp.at = 0
	return fp.hits
}

// spoilRequest answers r as the service would with the fault: the error
// body in the request's protocol (JSON for the JSON protocols, XML for the
// query and REST-XML ones), so the SDK classifies it as it would AWS's.
func spoilRequest(w http.ResponseWriter, r *http.Request, kind fault) {
	switch kind {
	case faultReset:
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	case faultHang:
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
		return
	}
	code, status, msg := "InternalFailure", http.StatusInternalServerError, "injected fault"
	if kind == faultThrottle {
		code, status, msg = "ThrottlingException", http.StatusBadRequest, "Rate exceeded (injected)"
		if strings.Contains(r.Host, "s3") || r.Header.Get("Content-Type") == "" && r.Method != http.MethodPost {
			code, status = "SlowDown", http.StatusServiceUnavailable
		}
	}
	ct := r.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "application/x-amz-json") || strings.HasPrefix(ct, "application/json") {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-Errortype", code)
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"__type":%q,"message":%q}`, code, msg)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<ErrorResponse><Error><Type>Receiver</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>fault</RequestId></ErrorResponse>`, code, msg)
}

// faultRun is one deploy or destroy with one fault.
type faultRun struct {
	route   []string
	op      string // deploy or destroy
	at      int64
	kind    fault
	persist bool
}

func (r faultRun) String() string {
	p := ""
	if r.persist {
		p = "-persist"
	}
	return fmt.Sprintf("%s/%s@%d/%s%s", strings.Join(r.route, "+"), r.op, r.at, r.kind, p)
}

// TestEmulatorFaultInjection fails one request of a deploy or a destroy,
// for every request (every fifth in the default run; WIREUP_FAULTS=all for
// each one), with each kind of fault, once and persisting through the
// SDK's retries, on four routes. After each fault: the same command run
// again converges, status shows no drift, destroy (straight after a
// failed deploy, without a re-deploy, for persisting faults) leaves
// nothing, and the state file is valid JSON throughout.
func TestEmulatorFaultInjection(t *testing.T) {
	em := needEmulator(t)
	t.Parallel() // beside the package's other emulator tests; its own runs are sequential
	if em.target != "moto" {
		t.Skipf("the fault-injection suite runs on moto, which deploys all of its routes (this is %s)", em.target)
	}
	fp := newFaultProxy(t, em.endpoint)
	ctx := context.Background()
	// The client's bounds are short so a hang costs seconds, not minutes;
	// the SDK's backoff is capped for the same reason.
	limits := awsconfig.Limits{ResponseHeader: 2 * time.Second, LambdaResponseHeader: 5 * time.Second, Attempt: 10 * time.Second, MaxBackoff: 50 * time.Millisecond}
	cfg, err := awsconfig.Load(ctx, awsconfig.Options{Endpoint: fp.url, Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	kinds, err := NewKinds(cfg)
	if err != nil {
		t.Fatal(err)
	}
	info := TargetInfo{Kind: string(em.target), Endpoint: fp.url, Region: cfg.Region, Account: *id.Account}
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	every := int64(5)
	if os.Getenv("WIREUP_FAULTS") == "all" {
		every = 1
	}
	kindsOfFault := []fault{faultServer, faultReset, faultThrottle, faultHang}

	var tried, converged, orphans atomic.Int64
	for _, route := range faultRoutes {
		t.Run(strings.Join(route, "+"), func(t *testing.T) {
			newProject := func(t *testing.T) (*Engine, *plan.Plan) {
				s, err := registry.New(c, randomName(t), info.Region, route)
				if err != nil {
					t.Fatal(err)
				}
				p, err := registry.Plan(s, c, plan.Env{Region: info.Region, AccountID: info.Account})
				if err != nil {
					t.Fatal(err)
				}
				e := &Engine{Kinds: kinds, StatePath: t.TempDir() + "/" + StateFile, Target: info,
					Artifacts: testArtifacts(t, p), MaxWait: time.Minute, IAMWait: 10 * time.Second}
				return e, p
			}
			// A clean run counts the requests a deploy and a destroy make.
			e, p := newProject(t)
			n0 := fp.count.Load()
			if _, err := e.Apply(ctx, p); err != nil {
				t.Fatalf("clean deploy: %v", err)
			}
			deployCalls := fp.count.Load() - n0
			n0 = fp.count.Load()
			if _, err := e.Destroy(ctx, p); err != nil {
				t.Fatalf("clean destroy: %v", err)
			}
			destroyCalls := fp.count.Load() - n0
			t.Logf("a clean deploy makes %d requests, a destroy %d", deployCalls, destroyCalls)

			var runs []faultRun
			for _, op := range []struct {
				name  string
				calls int64
			}{{"deploy", deployCalls}, {"destroy", destroyCalls}} {
				for at := int64(1); at <= op.calls; at += every {
					k := kindsOfFault[int(at)%len(kindsOfFault)]
					runs = append(runs, faultRun{route: route, op: op.name, at: at, kind: k}, faultRun{route: route, op: op.name, at: at, kind: faultServer, persist: true})
				}
			}
			for _, fr := range runs {
				t.Run(fr.String(), func(t *testing.T) {
					tried.Add(1)
					e, p := newProject(t)
					stateValid := func(when string) {
						t.Helper()
						b, err := os.ReadFile(e.StatePath)
						if errors.Is(err, os.ErrNotExist) {
							return
						}
						if err != nil || !json.Valid(b) {
							t.Errorf("state after %s is not valid JSON (%v): %q", when, err, b)
						}
					}
					left := func() {
						t.Helper()
						found, err := e.Discover(ctx, p)
						if err != nil {
							t.Errorf("list leftovers: %v", err)
						}
						for _, f := range found {
							orphans.Add(1)
							t.Errorf("left after destroy: %s %s", f.State.Kind, f.State.Name)
						}
					}
					if fr.op == "destroy" {
						if _, err := e.Apply(ctx, p); err != nil {
							t.Fatalf("deploy before the destroy fault: %v", err)
						}
					}
					fp.arm(fr.at, fr.kind, fr.persist)
					var ferr error
					if fr.op == "deploy" {
						_, ferr = e.Apply(ctx, p)
					} else {
						_, ferr = e.Destroy(ctx, p)
					}
					hits := fp.disarm()
					stateValid("the fault")
					t.Logf("%d requests spoiled; %s: %v", hits, fr.op, ferr)
					if fr.op == "deploy" && fr.persist {
						// Destroy straight after a failed deploy, no re-deploy.
						if _, err := e.Destroy(ctx, p); err != nil {
							t.Fatalf("destroy after the failed deploy: %v", err)
						}
						stateValid("destroy")
						left()
						if !t.Failed() {
							converged.Add(1)
						}
						return
					}
					if fr.op == "deploy" {
						if _, err := e.Apply(ctx, p); err != nil {
							t.Fatalf("deploy again after the fault: %v", err)
						}
						stateValid("the re-run")
						st, err := e.Status(ctx, p)
						if err != nil {
							t.Fatalf("status: %v", err)
						}
						if d := st.Drift(); len(d) > 0 {
							t.Errorf("drift after the re-run: %+v", d)
						}
					}
					if _, err := e.Destroy(ctx, p); err != nil {
						t.Fatalf("destroy: %v", err)
					}
					stateValid("destroy")
					left()
					if !t.Failed() {
						converged.Add(1)
					}
				})
			}
		})
	}
	t.Logf("faults tried %d, converged %d, orphans %d (every %s request)", tried.Load(), converged.Load(), orphans.Load(), ordinal(every))
}

func ordinal(n int64) string {
	if n == 1 {
		return "single"
	}
	return strconv.FormatInt(n, 10) + "th"
}
