package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cenroute/cenroute/theme/i18n"
	"github.com/cenroute/cenroute/views/layout"
)

// The help the command line prints (--help, the usage line of an error),
// in the language chosen: cobra's and pflag's own help texts are English
// only, so the program writes its help itself.

// usageIndent is how far the continuation lines of a command's Use field
// are indented: under the command name after "usage: cenroute ". The
// usage line re-indents them to the prefix of the language's own.
const usageIndent = len("usage: ")

// usage is cmd's usage line (several lines for a command with more than
// one form), after the language's "usage: ".
func (a *app) usage(cmd *cobra.Command) string {
	shift := layout.Width(a.words.T("cli.help.usage", i18n.Args{"Usage": ""})) - usageIndent
	lines := strings.Split(usageLine(cmd), "\n")
	for i, l := range lines[1:] {
		text := strings.TrimLeft(l, " ")
		lines[i+1] = strings.Repeat(" ", max(len(l)-len(text)+shift, 0)) + text
	}
	return a.words.T("cli.help.usage", i18n.Args{"Usage": strings.Join(lines, "\n")})
}

// usageLine is cmd's usage, as its Use field spells it after the names of
// the commands above it.
func usageLine(cmd *cobra.Command) string {
	return cmd.Parent().CommandPath() + " " + cmd.Use
}

// help prints the help --help asks for, on stderr: for the program, its
// commands and global flags; for a command, its usage, what it does at
// length when it says more than its summary, and its own flags.
func (a *app) help(cmd *cobra.Command, _ []string) {
	w := a.stderr
	if !cmd.HasParent() {
		a.rootHelp(cmd)
		return
	}
	fmt.Fprintln(w, a.usage(cmd))
	if cmd.Long != "" {
		fmt.Fprintf(w, "\n%s\n", cmd.Long)
	}
	if cmd.HasAvailableSubCommands() {
		a.listCommands(cmd)
	}
	if own := cmd.LocalNonPersistentFlags(); own.HasAvailableFlags() {
		fmt.Fprintf(w, "\n%s\n%s", a.words.T("cli.help.flags"), a.flagUsages(own))
	}
	fmt.Fprintf(w, "\n%s\n", a.words.T("cli.help.globalFlagsToo"))
}

// rootHelp is the program's help.
func (a *app) rootHelp(root *cobra.Command) {
	w := a.stderr
	fmt.Fprintln(w, a.words.T("cli.help.title", i18n.Args{"Summary": root.Short}))
	forms := &table{gap: 3, indent: "  "}
	forms.row(a.words.T("cli.help.wizardForm"), a.words.T("cli.help.wizardFormWhat"))
	forms.row(a.words.T("cli.help.commandForm"), a.words.T("cli.help.commandFormWhat"))
	fmt.Fprintf(w, "\n%s\n%s\n", a.words.T("cli.help.usageHeading"), strings.Join(forms.lines(), "\n"))
	a.listCommands(root)
	flags := pflag.NewFlagSet("cenroute", pflag.ContinueOnError)
	flags.AddFlagSet(root.PersistentFlags())
	flags.AddFlagSet(root.LocalNonPersistentFlags())
	fmt.Fprintf(w, "\n%s\n%s", a.words.T("cli.help.globalFlags"), a.flagUsages(flags))
	fmt.Fprintf(w, "\n%s\n", a.words.T("cli.help.rootFooter"))
}

// listCommands lists the commands under cmd, each with its summary.
func (a *app) listCommands(cmd *cobra.Command) {
	t := &table{gap: 2, indent: "  "}
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			t.row(c.Name(), c.Short)
		}
	}
	fmt.Fprintf(a.stderr, "\n%s\n%s\n", a.words.T("cli.help.commands"), strings.Join(t.lines(), "\n"))
}

// flagUsages lists the flags of fs, sorted, each with its value's name
// and its usage, and its default when that is not the zero value: the
// lines pflag's FlagUsages writes, aligned by display width and with the
// default said in the language.
func (a *app) flagUsages(fs *pflag.FlagSet) string {
	t := &table{gap: 3}
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		name := "      --" + f.Name
		if f.Shorthand != "" {
			name = "  -" + f.Shorthand + ", --" + f.Name
		}
		varname, usage := pflag.UnquoteUsage(f)
		if varname != "" {
			name += " " + varname
		}
		if def, ok := shownDefault(f); ok {
			usage = a.words.T("cli.help.withDefault", i18n.Args{"Usage": usage, "Default": def})
		}
		t.row(name, usage)
	})
	var b strings.Builder
	for _, l := range t.lines() {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// shownDefault is f's default as help shows it (a string quoted), and
// whether to show it at all: not when it is its type's zero value.
func shownDefault(f *pflag.Flag) (string, bool) {
	zero := map[string]bool{"": true, "0": true, "false": true, "<nil>": true}
	switch f.Value.Type() {
	case "duration":
		zero["0s"] = true
	case "stringArray", "stringSlice", "intSlice":
		zero = map[string]bool{"[]": true}
	case "string":
		return fmt.Sprintf("%q", f.DefValue), f.DefValue != ""
	}
	return f.DefValue, !zero[f.DefValue]
}

// wordBuiltins words what cobra adds to the command line in English: the
// help flag of every command, the help command, and shell completion
// (cenroute completion bash, ...), made here rather than when the command
// line runs so that they can be worded.
func (a *app) wordBuiltins(root *cobra.Command) {
	w := a.words
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Short, c.Long = w.T("cli.helpCommand.short"), w.T("cli.helpCommand.long")
		case "completion":
			c.Short, c.Long = w.T("cli.completion.short"), w.T("cli.completion.long")
			// Runnable, so that a shell it does not know is refused
			// in words (noCommand) rather than by cobra's own.
			c.Args, c.RunE = a.noCommand, func(cmd *cobra.Command, _ []string) error { a.help(cmd, nil); return nil }
			a.wordCompletion(c)
		}
	}
	var helpFlags func(c *cobra.Command)
	helpFlags = func(c *cobra.Command) {
		// Declared before cobra's own, which it then does not add.
		c.Flags().BoolP("help", "h", false, w.T("cli.flag.help", i18n.Args{"Command": c.Name()}))
		for _, sub := range c.Commands() {
			helpFlags(sub)
		}
	}
	helpFlags(root)
}

// wordCompletion words the commands of shell completion, one a shell.
func (a *app) wordCompletion(completion *cobra.Command) {
	w := a.words
	for _, c := range completion.Commands() {
		args := i18n.Args{"Shell": c.Name()}
		switch c.Name() {
		case "bash":
			c.Long = w.T("cli.completion.bash")
		case "zsh":
			c.Long = w.T("cli.completion.zsh")
		case "fish":
			c.Long = w.T("cli.completion.fish")
		case "powershell":
			c.Long = w.T("cli.completion.powershell")
		}
		c.Short, c.Args = w.T("cli.completion.shell", args), a.noArgs
		if f := c.Flags().Lookup("no-descriptions"); f != nil {
			f.Usage = w.T("cli.flag.noDescriptions")
		}
	}
}
