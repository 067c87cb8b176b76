// Bar charts of the interaction reports, drawn from the data-chart attribute of their container (no inline script).
(function () {
  'use strict';

  function draw(element) {
    var data = JSON.parse(element.getAttribute('data-chart'));
    var chart = window.echarts.init(element, null, { renderer: 'svg' });
    var follow = element.getAttribute('data-chart-kind') === 'follow-ups';
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 48, right: 48, bottom: 40, top: 40 },
      xAxis: { type: 'category', data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 8 ? 30 : 0 } },
      yAxis: follow
        ? [{ type: 'value', name: '%', max: 100 }, { type: 'value', minInterval: 1 }]
        : [{ type: 'value', minInterval: 1 }, { type: 'value', min: 0, max: 5 }],
      series: follow
        ? [{ name: data.rateLabel, type: 'bar', data: data.rates },
           { name: data.needsLabel, type: 'bar', yAxisIndex: 1, data: data.needs }]
        : [{ name: data.countLabel, type: 'bar', data: data.counts },
           { name: data.satisfactionLabel, type: 'line', yAxisIndex: 1, data: data.satisfaction }]
    });
    window.addEventListener('resize', function () { chart.resize(); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (!window.echarts) {
      return;
    }
    document.querySelectorAll('[data-chart]').forEach(draw);
  });
})();
