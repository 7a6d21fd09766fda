package savefile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/internal/viewtest"
)

// The prompt, its question, its outcomes and the reasons a file is
// refused are all said in Chinese, within the width.
func TestSaverSpeaksChinese(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := New(viewtest.StylesIn(i18n.Chinese), Options{Dir: dir, Note: "会话结束后目录即删除"}, "路由文件", false)
	var screens []string
	look := func() {
		for _, size := range viewtest.Sizes {
			text := s.Text(size[0])
			viewtest.CheckSize(t, text, size[0], size[1])
			if s.open { // the path typed, scrolled sideways: no words to check
				_, text, _ = strings.Cut(text, "\n")
			}
			screens = append(screens, text)
		}
	}
	run(s, s.Start("routes", yaml("cen: a\n"), json("{}")))
	look()
	screens = append(screens, viewtest.HelpText(s.Help()))
	viewtest.MustContain(t, s.Text(80), "保存到：", "格式 YAML（tab 切换）")
	press(s, "enter")
	look()
	viewtest.MustContain(t, s.Text(200), "已保存到 "+filepath.Join(dir, "routes.yaml"))
	run(s, s.Start("routes", yaml("cen: b\n")))
	press(s, "enter")
	look()
	viewtest.MustContain(t, s.Text(80), "已存在，是否覆盖？y/N")
	screens = append(screens, viewtest.HelpText(s.Help()))
	press(s, "n")
	look()
	viewtest.MustContain(t, s.Text(80), "未保存：")
	run(s, s.Start("routes", yaml("cen: b\n")))
	press(s, "ctrl+u")
	for _, k := range []string{"x", ".", "s", "h"} {
		press(s, k)
	}
	press(s, "enter")
	look()
	viewtest.MustContain(t, s.Text(200), "无法保存路由文件：", "文件的名称必须以 .yaml 结尾")
	room := New(viewtest.StylesIn(i18n.Chinese), Options{Room: t.TempDir()}, "报告", true)
	run(room, room.Start("report", yaml("x")))
	run(room, room.Start("report", yaml("x")))
	viewtest.MustContain(t, room.Text(80), "已保存过：report.yaml")
	screens = append(screens, room.Text(80))
	for _, screen := range screens {
		viewtest.CheckChinese(t, screen)
	}
}

// The reasons a file is refused read in English for the command line, as
// they always did, and in Chinese on a Chinese screen.
func TestRefusalsInBothLanguages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	link := filepath.Join(dir, "link.yaml")
	if err := os.Symlink(filepath.Join(dir, "nowhere"), link); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		err    error
		en, zh string
	}{
		{Local("", "yaml", nil, false), "no file name given", "未填写文件名"},
		{Local("a.sh", "yaml", nil, false), "a YAML file's name must end in .yaml, and a.sh does not", "YAML 文件的名称必须以 .yaml 结尾，a.sh 不符合"},
		{Replace(link, nil), link + " is a symbolic link: it is not followed", link + " 是符号链接"},
		{Replace(dir, nil), dir + " is not a regular file: nothing was saved", dir + " 不是普通文件"},
	} {
		e, ok := c.err.(*Error)
		if !ok {
			t.Fatalf("%v is not a refusal", c.err)
		}
		if !strings.Contains(e.Error(), c.en) || !strings.Contains(e.Text(i18n.New(i18n.Chinese)), c.zh) {
			t.Errorf("%q / %q", e.Error(), e.Text(i18n.New(i18n.Chinese)))
		}
	}
}

// The cursor of the path field sits on the character it is on, a Chinese
// one (two cells wide) included.
func TestPathCursorOnAWideCharacter(t *testing.T) {
	t.Parallel()
	s := New(viewtest.StylesIn(i18n.Chinese), Options{Dir: "/tmp"}, "报告", false)
	run(s, s.Start("报告", yaml("x")))
	press(s, "ctrl+u")
	s.HandleKey(viewtest.Key("报告.yaml"))
	for range len([]rune("告.yaml")) {
		press(s, "left")
	}
	line, col, cell, ok := viewtest.CursorCell(s.Text(80))
	if !ok || line != 0 || cell != "告" || col != len("保存到：")/3*2+2 {
		t.Errorf("cursor at line %d col %d on %q, want col %d on 告:\n%q", line, col, cell, len("保存到：")/3*2+2, s.Text(80))
	}
}

func json(text string) Format {
	return Format{Ext: "json", Bytes: func() ([]byte, error) { return []byte(text), nil }}
}
