package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.Cli;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Main builds only the verb it is asked for, and every verb and usage still read as with all of them. */
class MainTest {
    @Test
    void verb_skipsGlobalOptionsAndTheirValues() {
        assertThat(Main.verb(new String[] {"--data", "ls", "inspect", "v2"})).isEqualTo("inspect");
        assertThat(Main.verb(new String[] {"--timeout", "5", "--node", "unix:/s", "get", "v2"})).isEqualTo("get");
        assertThat(Main.verb(new String[] {"--data=/d", "ls"})).isEqualTo("ls");
        assertThat(Main.verb(new String[] {"ca", "init", "dir"})).isEqualTo("ca");
    }

    @Test
    void verb_noneForHelpVersionAndUnknownWords() {
        assertThat(Main.verb(new String[] {})).isNull();
        assertThat(Main.verb(new String[] {"--help"})).isNull();
        assertThat(Main.verb(new String[] {"--version"})).isNull();
        assertThat(Main.verb(new String[] {"lss"})).isNull();
        assertThat(Main.verb(new String[] {"--", "ls"})).isNull();
    }

    @Test
    void commandLine_everyNameBuildsTheVerbOfThatName() {
        assertThat(Main.commandLine().getSubcommands().keySet()).containsExactlyElementsOf(Main.VERBS);
        for (String verb : Main.VERBS) {
            assertThat(Main.commandLine(new String[] {"--data", "d", verb}).getSubcommands().keySet())
                    .as(verb).isEqualTo(Set.of(verb));
        }
        assertThat(Main.commandLine(new String[] {"--version"}).getSubcommands()).isEmpty();
        assertThat(Main.commandLine(new String[] {"--version", "--help"}).getSubcommands()).hasSize(Main.VERBS.size());
        assertThat(Main.commandLine(new String[] {"ca", "issue"}).getSubcommands().get("ca").getSubcommands())
                .containsOnlyKeys("init", "issue");
    }

    @Test
    void unknownVerb_isStillReportedAgainstTheWholeCommand() {
        Cli.Result r = Cli.run("lss");
        assertThat(r.exit()).isEqualTo(FerryCommand.EXIT_USAGE);
        assertThat(r.err()).isEqualTo("ferry: Unmatched argument at index 0: 'lss' (see 'ferry --help')\n");
    }
}
