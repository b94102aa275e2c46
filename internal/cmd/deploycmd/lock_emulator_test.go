package deploycmd_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wireup/wireup/internal/cmdutil"
)

// cliCmd is the real CLI in a child process in dir, with the test's
// environment and AWS_ENDPOINT_URL set to endpoint.
func cliCmd(t *testing.T, dir, endpoint string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "WIREUP_TEST_RUN_CLI=1", "NO_COLOR=1", "AWS_ENDPOINT_URL="+endpoint)
	return cmd
}

func runCLI(t *testing.T, dir, endpoint string, args ...string) (int, string) {
	t.Helper()
	cmd := cliCmd(t, dir, endpoint, args...)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), errOut.String()
}

// holdingProxy forwards everything to the emulator at target, except that
// the first CreateQueue waits until release is closed: a deploy held
// there is running, with the project's lock, for as long as the test
// needs.
func holdingProxy(t *testing.T, target string) (proxy *httptest.Server, inFlight, release chan struct{}) {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	inFlight, release = make(chan struct{}), make(chan struct{})
	var once sync.Once
	proxy = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		create := r.Header.Get("X-Amz-Target") == "AmazonSQS.CreateQueue"
		if !create && r.Method == http.MethodPost && r.Header.Get("X-Amz-Target") == "" {
			// The query protocol, should the SDK or the emulator speak it.
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			create = bytes.Contains(body, []byte("Action=CreateQueue"))
		}
		if create {
			first := false
			once.Do(func() { first = true })
			if first {
				close(inFlight)
				<-release
			}
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	return proxy, inFlight, release
}

// Issue 10, item 7, on the emulator in AWS_ENDPOINT_URL: a deploy and a
// destroy of one project started together. The deploy, held in its first
// create, has the lock: the destroy (and a second deploy) is refused
// naming it and changes nothing; the deploy then finishes, and a destroy
// afterwards deletes everything.
func TestEmulatorLock(t *testing.T) {
	ep := os.Getenv("AWS_ENDPOINT_URL")
	if ep == "" {
		t.Skip("emulator tests need AWS_ENDPOINT_URL: run `make emulators`, then `make test`")
	}
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	name := "lock-" + hex.EncodeToString(b)
	dir := newProject(t, name)
	proxy, inFlight, release := holdingProxy(t, ep)
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()

	deploy := cliCmd(t, dir, proxy.URL, "deploy")
	var deployErr bytes.Buffer
	deploy.Stderr = &deployErr
	if err := deploy.Start(); err != nil {
		t.Fatal(err)
	}
	deployDone := make(chan error, 1)
	go func() { deployDone <- deploy.Wait() }()
	t.Cleanup(func() {
		if code, e := runCLI(t, dir, proxy.URL, "destroy"); code != 0 {
			t.Errorf("cleanup destroy: exit %d:\n%s", code, e)
		}
	})
	select {
	case <-inFlight:
	case err := <-deployDone:
		t.Fatalf("deploy ended before its first create: %v\n%s", err, deployErr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("deploy never reached its first create:\n%s", deployErr.String())
	}

	holder := "is locked by `wireup deploy` (pid " + strconv.Itoa(deploy.Process.Pid)
	for _, cmd := range []string{"destroy", "deploy"} {
		code, e := runCLI(t, dir, proxy.URL, cmd)
		if code != int(cmdutil.ExitFailure) || !strings.Contains(e, name+" "+holder) || !strings.Contains(e, "nothing was changed") {
			t.Errorf("%s during the deploy: exit %d, want 1 naming the deploy:\n%s", cmd, code, e)
		}
	}

	close(release)
	released = true
	select {
	case err := <-deployDone:
		if err != nil {
			t.Fatalf("deploy: %v\n%s", err, deployErr.String())
		}
	case <-time.After(120 * time.Second):
		t.Fatal("deploy did not finish")
	}
	if code, e := runCLI(t, dir, proxy.URL, "status", "--exit-code"); code != 0 {
		t.Errorf("status after the deploy the destroy did not disturb: exit %d:\n%s", code, e)
	}
	if code, e := runCLI(t, dir, proxy.URL, "destroy"); code != 0 || !strings.Contains(e, "Nothing of "+name+" is left") {
		t.Errorf("destroy after the deploy: exit %d:\n%s", code, e)
	}
}
