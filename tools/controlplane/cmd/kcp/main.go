// Command kcp runs a test Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver and kube-controller-manager
// with a fresh CA, serving and client certificates and service-account keys, each on a free port.
//
// It prints "kubeconfig <path>" once the API server is ready, then "ready" once the controllers hold their
// credentials, and runs until its standard input closes or it gets SIGTERM/SIGINT; then it stops its children
// (which also die with it, by the parent-death signal, if it is killed) and removes the state directory unless
// KCP_KEEP_STATE is set. Test tooling only.
package main

import (
	"bufio"
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	bin := flag.String("bin", "", "directory holding etcd, kube-apiserver and kube-controller-manager")
	dir := flag.String("dir", "", "state directory (certificates, kubeconfigs, etcd data, logs)")
	flag.Parse()
	if *bin == "" || *dir == "" {
		fail("usage: kcp -bin DIR -dir DIR")
	}
	plane := &controlPlane{bin: *bin, dir: *dir}
	stop := make(chan string, 2)
	go func() {
		signals := make(chan os.Signal, 2)
		signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
		stop <- (<-signals).String()
	}()
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		stop <- "standard input closed"
	}()
	go func() {
		if err := plane.start(); err != nil {
			stop <- "start failed: " + err.Error()
		}
	}()
	reason := <-stop
	fmt.Fprintln(os.Stderr, "kcp: stopping:", reason)
	plane.stop()
	// the state directory is scratch (etcd preallocates 64 MB): gone with the servers, unless asked to keep it
	if os.Getenv("KCP_KEEP_STATE") == "" {
		_ = os.RemoveAll(*dir)
	}
	if strings.HasPrefix(reason, "start failed") {
		os.Exit(1)
	}
}

// auditPolicy records every list and watch of the kinds the rollout gate reads, so that a test can tell a watch
// resumed from its resource version from a re-list.
const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: Metadata
  verbs: ["list", "watch"]
  resources:
  - group: ""
    resources: ["pods"]
  - group: "apps"
    resources: ["deployments", "replicasets"]
- level: None
`

type controlPlane struct {
	bin, dir  string
	mutex     sync.Mutex
	stopping  bool
	processes []child
}

type child struct {
	cmd    *exec.Cmd
	exited chan struct{}
}

func (p *controlPlane) start() error {
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		return err
	}
	certs, err := newPKI(p.dir)
	if err != nil {
		return err
	}
	etcdClient, etcdPeer, apiPort := freePort(), freePort(), freePort()
	etcdURL := fmt.Sprintf("http://127.0.0.1:%d", etcdClient)
	peerURL := fmt.Sprintf("http://127.0.0.1:%d", etcdPeer)
	if err := p.run("etcd", "--name=kcp", "--data-dir="+p.path("etcd"), "--listen-client-urls="+etcdURL,
		"--advertise-client-urls="+etcdURL, "--listen-peer-urls="+peerURL, "--initial-advertise-peer-urls="+peerURL,
		"--initial-cluster=kcp="+peerURL, "--unsafe-no-fsync", "--log-level=warn"); err != nil {
		return err
	}
	server := fmt.Sprintf("https://127.0.0.1:%d", apiPort)
	if err := os.WriteFile(p.path("audit-policy.yaml"), []byte(auditPolicy), 0o600); err != nil {
		return err
	}
	// The watch cache is off so that a watch resumes from etcd itself: a compaction then yields a real 410 Gone.
	if err := p.run("kube-apiserver", "--etcd-servers="+etcdURL, "--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1", fmt.Sprintf("--secure-port=%d", apiPort),
		"--tls-cert-file="+certs.file("apiserver.crt"), "--tls-private-key-file="+certs.file("apiserver.key"),
		"--client-ca-file="+certs.file("ca.crt"), "--authorization-mode=Node,RBAC",
		"--service-account-issuer=https://kubernetes.default.svc", "--service-account-key-file="+certs.file("sa.pub"),
		"--service-account-signing-key-file="+certs.file("sa.key"), "--service-cluster-ip-range=10.0.0.0/24",
		"--watch-cache=false", "--etcd-compaction-interval=0", "--profiling=false", "--v=0",
		"--audit-policy-file="+p.path("audit-policy.yaml"), "--audit-log-path="+p.path("audit.log"),
		"--audit-log-format=json"); err != nil {
		return err
	}
	admin := p.path("admin.kubeconfig")
	if err := certs.kubeconfig(admin, server, "admin"); err != nil {
		return err
	}
	manager := p.path("controller-manager.kubeconfig")
	if err := certs.kubeconfig(manager, server, "controller-manager"); err != nil {
		return err
	}
	if err := waitFor(server+"/readyz", certs, 90*time.Second); err != nil {
		return err
	}
	fmt.Println("etcd " + etcdURL)
	fmt.Println("kubeconfig " + admin)
	if err := p.run("kube-controller-manager", "--kubeconfig="+manager, "--authentication-kubeconfig="+manager,
		"--authorization-kubeconfig="+manager, "--bind-address=127.0.0.1", "--secure-port=0", "--leader-elect=false",
		"--controllers=deployment-controller,replicaset-controller,garbage-collector-controller,"+
			"namespace-controller,serviceaccount-controller,serviceaccount-token-controller",
		"--use-service-account-credentials", "--service-account-private-key-file="+certs.file("sa.key"),
		"--root-ca-file="+certs.file("ca.crt"), "--concurrent-deployment-syncs=10", "--concurrent-replicaset-syncs=10",
		"--v=0"); err != nil {
		return err
	}
	// The service-account controller's first work: pods of a new namespace need its default service account.
	if err := waitFor(server+"/api/v1/namespaces/default/serviceaccounts/default", certs, 90*time.Second); err != nil {
		return err
	}
	fmt.Println("ready")
	return nil
}

// run starts one binary with its output in <dir>/<name>.log; it dies with kcp.
func (p *controlPlane) run(name string, args ...string) error {
	logFile, err := os.Create(p.path(name + ".log"))
	if err != nil {
		return err
	}
	cmd := exec.Command(filepath.Join(p.bin, name), args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	exited := make(chan struct{})
	p.mutex.Lock()
	p.processes = append(p.processes, child{cmd, exited})
	p.mutex.Unlock()
	go func() {
		err := cmd.Wait()
		close(exited)
		p.mutex.Lock()
		expected := p.stopping
		p.mutex.Unlock()
		if !expected {
			fmt.Fprintf(os.Stderr, "kcp: %s exited (%v); its log: %s\n", name, err, p.path(name+".log"))
			printTail(p.path(name + ".log"))
		}
	}()
	return nil
}

// stop ends the children in reverse order of start: SIGTERM, then SIGKILL after 10 s.
func (p *controlPlane) stop() {
	p.mutex.Lock()
	p.stopping = true
	processes := p.processes
	p.mutex.Unlock()
	for i := len(processes) - 1; i >= 0; i-- {
		process := processes[i]
		_ = process.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-process.exited:
		case <-time.After(10 * time.Second):
			_ = process.cmd.Process.Kill()
			<-process.exited
		}
	}
}

func (p *controlPlane) path(name string) string {
	return filepath.Join(p.dir, name)
}

// waitFor polls url as the admin until it answers 200.
func waitFor(url string, certs *pki, limit time.Duration) error {
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{
		RootCAs: certs.pool(), Certificates: []tls.Certificate{certs.adminPair},
	}}}
	deadline := time.Now().Add(limit)
	last := "no answer"
	for time.Now().Before(deadline) {
		response, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(response.Body)
			response.Body.Close()
			if response.StatusCode == http.StatusOK {
				return nil
			}
			last = fmt.Sprintf("%d %s", response.StatusCode, lastLine(string(body)))
		} else {
			last = err.Error()
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("%s: no 200 after %s: %s", url, limit, last)
}

func freePort() int {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err.Error())
	}
	defer listener.Close()
	return listener.Addr().(*net.TCPAddr).Port
}

func printTail(path string) {
	file, err := os.Open(path)
	if err != nil {
		return
	}
	defer file.Close()
	var lines []string
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, 1024*1024), 1024*1024)
	for scanner.Scan() {
		lines = append(lines, scanner.Text())
		if len(lines) > 20 {
			lines = lines[1:]
		}
	}
	fmt.Fprintln(os.Stderr, strings.Join(lines, "\n"))
}

func lastLine(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	return lines[len(lines)-1]
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "kcp:", message)
	os.Exit(2)
}
