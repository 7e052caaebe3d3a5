package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// pki is the control plane's CA, the certificates it signed and the service-account key pair, written to <dir>/pki.
type pki struct {
	dir       string
	ca        *x509.Certificate
	caKey     *ecdsa.PrivateKey
	adminPair tls.Certificate
}

func newPKI(stateDir string) (*pki, error) {
	p := &pki{dir: filepath.Join(stateDir, "pki")}
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		return nil, err
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	template := certificate("kcp-ca", nil)
	template.IsCA, template.BasicConstraintsValid = true, true
	template.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
	der, err := x509.CreateCertificate(rand.Reader, template, template, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	p.ca, _ = x509.ParseCertificate(der)
	p.caKey = caKey
	if err := p.writePEM("ca.crt", "CERTIFICATE", der); err != nil {
		return nil, err
	}
	serving := certificate("kube-apiserver", nil)
	serving.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	serving.DNSNames = []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"}
	serving.IPAddresses = []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("10.0.0.1")}
	if _, err := p.issue("apiserver", serving); err != nil {
		return nil, err
	}
	if p.adminPair, err = p.issue("admin", client("kcp-admin", "system:masters")); err != nil {
		return nil, err
	}
	if _, err := p.issue("controller-manager", client("system:kube-controller-manager", "")); err != nil {
		return nil, err
	}
	saKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	if err := p.writePEM("sa.key", "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(saKey)); err != nil {
		return nil, err
	}
	public, _ := x509.MarshalPKIXPublicKey(&saKey.PublicKey)
	return p, p.writePEM("sa.pub", "PUBLIC KEY", public)
}

func certificate(commonName string, organization []string) *x509.Certificate {
	serial, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	return &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: commonName, Organization: organization},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(7 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
}

func client(user, group string) *x509.Certificate {
	var groups []string
	if group != "" {
		groups = []string{group}
	}
	template := certificate(user, groups)
	template.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	return template
}

// issue signs template with the CA and writes <name>.crt and <name>.key.
func (p *pki) issue(name string, template *x509.Certificate) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	der, err := x509.CreateCertificate(rand.Reader, template, p.ca, &key.PublicKey, p.caKey)
	if err != nil {
		return tls.Certificate{}, err
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	if err := p.writePEM(name+".crt", "CERTIFICATE", der); err != nil {
		return tls.Certificate{}, err
	}
	if err := p.writePEM(name+".key", "EC PRIVATE KEY", keyDER); err != nil {
		return tls.Certificate{}, err
	}
	return tls.X509KeyPair(p.read(name+".crt"), p.read(name+".key"))
}

// kubeconfig writes a kubeconfig for the client certificate <user> with every credential inline.
func (p *pki) kubeconfig(path, server, user string) error {
	encode := func(name string) string { return base64.StdEncoding.EncodeToString(p.read(name)) }
	text := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: kcp
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: %s
  user:
    client-certificate-data: %s
    client-key-data: %s
contexts:
- name: kcp
  context:
    cluster: kcp
    user: %s
current-context: kcp
`, server, encode("ca.crt"), user, encode(user+".crt"), encode(user+".key"), user)
	return os.WriteFile(path, []byte(text), 0o600)
}

func (p *pki) pool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(p.ca)
	return pool
}

func (p *pki) file(name string) string {
	return filepath.Join(p.dir, name)
}

func (p *pki) read(name string) []byte {
	data, err := os.ReadFile(p.file(name))
	if err != nil {
		fail(err.Error())
	}
	return data
}

func (p *pki) writePEM(name, kind string, der []byte) error {
	return os.WriteFile(p.file(name), pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600)
}
