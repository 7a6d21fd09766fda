package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every document a comment cites exists in the repository, and so does the
// section it names: a comment reading docs/cen-api.md#signature sends the
// reader to a heading that is there.
func TestCitedDocumentsExist(t *testing.T) {
	t.Parallel()
	cite := regexp.MustCompile(`([\w./-]+\.md)(#[\w-]+)?`)
	anchors := map[string]map[string]bool{} // document -> its anchors
	cited := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != "." && strings.HasPrefix(d.Name(), "."):
			return fs.SkipDir
		case d.IsDir() || !strings.HasSuffix(path, ".go"):
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range cite.FindAllStringSubmatch(string(src), -1) {
			cited++
			doc := m[1]
			if _, err := os.Stat(doc); err != nil {
				t.Errorf("%s cites %s, which is not in the repository", path, doc)
				continue
			}
			if m[2] == "" {
				continue
			}
			if anchors[doc] == nil {
				anchors[doc] = headingAnchors(t, doc)
			}
			if !anchors[doc][m[2][1:]] {
				t.Errorf("%s cites %s%s: %s has no such heading", path, doc, m[2], doc)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if cited == 0 {
		t.Fatal("no citation found: the test looks in the wrong place")
	}
}

// headingAnchors are the anchors of a Markdown file's headings, as GitHub
// makes them: lower case, punctuation dropped, spaces turned to hyphens.
func headingAnchors(t *testing.T, doc string) map[string]bool {
	t.Helper()
	text, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	drop := regexp.MustCompile(`[^\w\- ]`)
	out := map[string]bool{}
	for _, line := range strings.Split(string(text), "\n") {
		if title, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " "); ok && strings.HasPrefix(line, "#") {
			out[strings.ReplaceAll(drop.ReplaceAllString(strings.ToLower(title), ""), " ", "-")] = true
		}
	}
	return out
}
