// Charts of the service measures, drawn from the data-chart attribute of their container (no inline script):
// the trend of cases by kind (stacked bars), SLA compliance per period (lines, percent) and times by kind (bars).
(function () {
  'use strict';

  function draw(element) {
    var data = JSON.parse(element.getAttribute('data-chart'));
    var kind = element.getAttribute('data-chart-kind');
    var chart = window.echarts.init(element, null, { renderer: 'svg' });
    var series = data.series.map(function (s) {
      return kind === 'trend' ? { name: s.name, type: 'bar', stack: 'cases', data: s.data }
        : kind === 'compliance' ? { name: s.name, type: 'line', connectNulls: false, data: s.data }
        : { name: s.name, type: 'bar', data: s.data };
    });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll' },
      grid: { left: 48, right: 24, bottom: 40, top: 48 },
      xAxis: { type: 'category', data: data.labels, axisLabel: { rotate: data.labels.length > 8 ? 30 : 0 } },
      yAxis: kind === 'compliance' ? { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }
        : kind === 'times' ? { type: 'value', axisLabel: { formatter: '{value} h' } }
        : { type: 'value', minInterval: 1 },
      series: series
    });
    window.addEventListener('resize', function () { chart.resize(); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (!window.echarts) {
      return;
    }
    document.querySelectorAll('.service-report [data-chart]').forEach(draw);
  });
})();
