document.querySelectorAll('table.sortable').forEach(function(t){
  t.querySelectorAll('th').forEach(function(th,i){
    th.addEventListener('click',function(){
      var body=t.tBodies[0],rows=Array.from(body.rows),asc=th.dataset.dir!=='asc';
      t.querySelectorAll('th').forEach(function(h){delete h.dataset.dir});
      th.dataset.dir=asc?'asc':'desc';
      rows.sort(function(a,b){
        var x=a.cells[i].dataset.v!==undefined?a.cells[i].dataset.v:a.cells[i].textContent,
            y=b.cells[i].dataset.v!==undefined?b.cells[i].dataset.v:b.cells[i].textContent;
        var nx=parseFloat(x),ny=parseFloat(y),c;
        if(x===''&&y==='')c=0;else if(x==='')c=1;else if(y==='')c=-1;
        else if(!isNaN(nx)&&!isNaN(ny)&&/^-?[0-9.eE+-]+$/.test(x)&&/^-?[0-9.eE+-]+$/.test(y))c=asc?nx-ny:ny-nx;
        else c=asc?x.localeCompare(y):y.localeCompare(x);
        return c;});
      rows.forEach(function(r){body.appendChild(r)});
    });
  });
});
