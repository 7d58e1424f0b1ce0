"""``--format json``: exactly one JSON document on stdout (:class:`perfcheck.report.jsonout.JsonStream`)."""

from perfcheck.report.registry import Reporter

REPORTER = Reporter("json", "一个 JSON 文档", "exactly one JSON document", "perfcheck.report.jsonout:JsonStream",
                    order=20)
