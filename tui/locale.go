package tui

import "strings"

// UTF8Locale reports whether the locale described by getenv (os.Getenv,
// or an SSH session's environment) uses UTF-8. POSIX precedence applies:
// LC_ALL, then LC_CTYPE, then LANG; none set means the C locale, which is
// not UTF-8. Where it is not, the wizard draws with ASCII only.
func UTF8Locale(getenv func(string) string) bool {
	for _, name := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(name); v != "" {
			v = strings.ToLower(v)
			return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
		}
	}
	return false
}
