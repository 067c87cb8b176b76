// Tasks: the completion chart of the task report, and arrow-key moves between the days of the calendar.
(function () {
  'use strict';

  function chart() {
    var el = document.getElementById('task-chart');
    if (!el || typeof echarts === 'undefined') {
      return;
    }
    var data = JSON.parse(el.getAttribute('data-chart'));
    if (!data.names.length) {
      el.hidden = true;
      return;
    }
    var c = echarts.init(el);
    c.setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v + '%'; } },
      legend: { data: data.labels },
      grid: { left: 40, right: 16, bottom: 40, top: 40 },
      xAxis: { type: 'category', data: data.names, axisLabel: { interval: 0, rotate: data.names.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: data.labels[0], type: 'bar', data: data.completion, itemStyle: { color: '#2563eb' } },
        { name: data.labels[1], type: 'bar', data: data.onTime, itemStyle: { color: '#16a34a' } },
        { name: data.labels[2], type: 'bar', data: data.overdue, itemStyle: { color: '#dc2626' } }
      ]
    });
    window.addEventListener('resize', function () { c.resize(); });
  }

  function calendar() {
    var grid = document.querySelector('[data-calendar]');
    if (!grid) {
      return;
    }
    var days = Array.prototype.slice.call(grid.querySelectorAll('td[data-date]'));
    if (days.length && !grid.querySelector('td[tabindex="0"]')) {
      days[0].setAttribute('tabindex', '0');
    }
    var steps = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7, Home: -100, End: 100 };
    grid.addEventListener('keydown', function (e) {
      var cell = e.target.closest('td[data-date]');
      if (!cell || !(e.key in steps) || e.target !== cell) {
        return;
      }
      var i = days.indexOf(cell) + steps[e.key];
      var target = days[Math.max(0, Math.min(days.length - 1, i))];
      if (e.key === 'PageUp' || e.key === 'PageDown') {
        return;
      }
      e.preventDefault();
      cell.setAttribute('tabindex', '-1');
      target.setAttribute('tabindex', '0');
      target.focus();
    });
    document.addEventListener('keydown', function (e) {
      if (e.target.closest && e.target.closest('input, select, textarea')) {
        return;
      }
      var link = e.key === 'PageUp' ? document.querySelector('.calendar-nav a[rel=prev]')
        : e.key === 'PageDown' ? document.querySelector('.calendar-nav a[rel=next]') : null;
      if (link) {
        e.preventDefault();
        window.location.href = link.href;
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    chart();
    calendar();
  });
})();
