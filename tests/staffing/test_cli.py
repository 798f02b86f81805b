import json

from typer.testing import CliRunner

from escalada.cli import app

runner = CliRunner()
ARGS = ["staffing", "--arrivals-per-hour", "200", "--aht-seconds", "180",
        "--answer-within-seconds", "20"]


def test_json_gives_the_smallest_team_meeting_the_target():
    result = runner.invoke(app, [*ARGS, "--service-level", "0.8", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["agents"] == 14
    assert figures["service_level"] >= 0.8
    assert figures["occupancy"] == round(10 / 14, 6)
    assert 7.7 < figures["average_speed_of_answer_seconds"] < 7.9


def test_percent_and_share_mean_the_same_target():
    share = json.loads(runner.invoke(app, [*ARGS, "--service-level", "0.75", "--json"]).stdout)
    percent = json.loads(runner.invoke(app, [*ARGS, "--service-level", "75", "--json"]).stdout)
    assert share == percent and share["agents"] == 13


def test_table_and_erlang_a():
    result = runner.invoke(app, [*ARGS, "--service-level", "0.8", "--patience-seconds", "120"])
    assert result.exit_code == 0
    assert "Erlang A" in result.stdout and "share who abandon" in result.stdout


def test_bad_input_is_a_clear_error():
    result = runner.invoke(app, ["staffing", "--arrivals-per-hour", "10", "--aht-seconds", "0",
                                 "--answer-within-seconds", "20", "--service-level", "0.8"])
    assert result.exit_code == 2
    assert "aht_seconds" in result.output
