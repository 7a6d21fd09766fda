package main

import (
	"strings"

	"github.com/cenroute/cenroute/cenapi/engine"
	"github.com/cenroute/cenroute/theme"
	"github.com/cenroute/cenroute/theme/i18n"
)

// Words the commands share: status words, counted things, lists.

// statusWord says a status word (the API's "Active", the engine's
// "active") in the language, as the wizard's screens say it.
func (a *app) statusWord(word string) string {
	return (&theme.Styles{Lang: a.words}).StatusWord(word)
}

// withCode is an error's code and its message, "Code: message", or the
// message alone when there is no code. Both are shown as the API (or
// engine) gives them.
func (a *app) withCode(code, message string) string {
	if code == "" {
		return message
	}
	return a.words.T("cli.error.withCode", i18n.Args{"Code": code, "Message": message})
}

// list joins items into one: "a, b, c".
func (a *app) list(items []string) string {
	return strings.Join(items, a.words.T("cli.list.separator"))
}

// clauses joins the clauses of a sentence: "a; b".
func (a *app) clauses(parts []string) string {
	return strings.Join(parts, a.words.T("cli.list.clauseSeparator"))
}

// counted says n of what a run of kind works through: hosts (apply),
// entries (delete) or calls (sync).
func (a *app) counted(kind string, n int) string {
	switch kind {
	case engine.KindDelete:
		return a.entries(n)
	case engine.KindSync:
		return a.calls(n)
	}
	return a.hosts(n)
}

// hosts is "1 host", "2 hosts".
func (a *app) hosts(n int) string { return a.words.T("common.hosts", i18n.Args{"Count": n}) }

// entries is "1 entry", "2 entries".
func (a *app) entries(n int) string { return a.words.T("cli.count.entries", i18n.Args{"Count": n}) }

// calls is "1 call", "2 calls".
func (a *app) calls(n int) string { return a.words.T("cli.count.calls", i18n.Args{"Count": n}) }

// op says a sync item's operation (engine.OpCreate or OpDelete).
func (a *app) op(op string) string {
	switch op {
	case engine.OpCreate:
		return a.words.T("cli.op.create")
	case engine.OpDelete:
		return a.words.T("cli.op.delete")
	}
	return op
}
